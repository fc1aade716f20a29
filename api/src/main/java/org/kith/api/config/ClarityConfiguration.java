package org.kith.api.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.kith.api.clarity.ShippedModels;
import org.kith.core.clarity.BuiltInVerifiers;
import org.kith.core.clarity.ClarityService;
import org.kith.core.clarity.DocumentVerifier;
import org.kith.core.profile.BlobStore;
import org.kith.core.profile.PermissionService;
import org.kith.core.profile.ProfileService;
import org.kith.core.schema.SchemaService;
import org.kith.core.schema.SchemaValidator;
import org.kith.extraction.clarity.TesseractDocumentReader;
import org.kith.extraction.mrz.MrzParser;
import org.kith.extraction.ocr.TesseractPool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Clarity: one Tesseract engine per core (created on first use, so Kith starts without OCR installed and the
 * routes then answer 503 naming the packages), a bounded pool for image work (a full queue answers 503), the
 * built-in verifiers plus any {@link DocumentVerifier} bean a deployment adds.
 */
@Configuration(proxyBeanMethods = false)
class ClarityConfiguration {

  @Bean(destroyMethod = "close")
  TesseractPool tesseractPool(KithProperties p) {
    int cores = Runtime.getRuntime().availableProcessors();
    return new TesseractPool(
        p.dataDir().resolve("native"),
        cores,
        Duration.ofSeconds(20),
        p.clarity().languages());
  }

  @Bean(destroyMethod = "dispose")
  Scheduler clarityScheduler() {
    int cores = Runtime.getRuntime().availableProcessors();
    return Schedulers.newBoundedElastic(cores, 4 * cores, "clarity", 60, true);
  }

  @Bean
  ClarityService clarityService(
      TesseractPool pool,
      Scheduler clarityScheduler,
      ProfileService profiles,
      org.kith.core.verification.RecordCrypto crypto,
      SchemaService schemas,
      ObjectProvider<DocumentVerifier> extra,
      Clock clock) {
    List<DocumentVerifier> verifiers = new ArrayList<>();
    verifiers.add(new BuiltInVerifiers(clock));
    extra.orderedStream().forEach(verifiers::add);
    return new ClarityService(
        new TesseractDocumentReader(pool, new MrzParser(clock)),
        clarityScheduler,
        profiles,
        crypto,
        schemas,
        verifiers);
  }

  /**
   * Stores the shipped Clarity models that changed, after the system schemas and before the application reports
   * ready; like them, with start-up transactions that have no time limit.
   */
  @Bean
  @Order(SYSTEM_SCHEMAS_ORDER + 1)
  ApplicationRunner shippedModelLoader(
      org.kith.graph.neo4j.GraphConnection c,
      SchemaValidator validator,
      BlobStore blobs,
      KithProperties p,
      Clock clock,
      com.fasterxml.jackson.databind.ObjectMapper json) {
    SchemaService schemas = new SchemaService(
        new org.kith.graph.schema.Neo4jSchemaStore(c.startupCypher()), validator, clock);
    org.kith.graph.profile.Neo4jPermissionGraph graph =
        new org.kith.graph.profile.Neo4jPermissionGraph(c.startupCypher());
    ProfileService profiles = new ProfileService(
        new org.kith.graph.profile.Neo4jProfileObjectStore(c.startupCypher()),
        graph,
        schemas,
        blobs,
        new org.kith.graph.audit.Neo4jAuditTrail(c.startupCypher()),
        p.blobs().maxDocumentSize().toBytes(),
        clock);
    PermissionService permissions = new PermissionService(graph, clock);
    // it runs on the main thread, not an event loop
    return args ->
        ShippedModels.install(profiles, permissions, ShippedModels.read(json)).block();
  }

  /** The order of the system schema loader among start-up runners (the shipped models need their schema). */
  static final int SYSTEM_SCHEMAS_ORDER = 0;
}

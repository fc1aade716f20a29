package org.kith.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import org.kith.api.schema.NetworkntSchemaValidator;
import org.kith.api.schema.SystemSchemas;
import org.kith.blobs.FileBlobStore;
import org.kith.blobs.S3BlobStore;
import org.kith.blobs.S3Settings;
import org.kith.core.account.Mailer;
import org.kith.core.account.SecretHasher;
import org.kith.core.audit.AuditTrail;
import org.kith.core.consent.ActionDelivery;
import org.kith.core.consent.ApplicationService;
import org.kith.core.consent.ApplicationStore;
import org.kith.core.consent.ConsentService;
import org.kith.core.net.OutboundTargets;
import org.kith.core.profile.AuditService;
import org.kith.core.profile.BlobStore;
import org.kith.core.profile.GroupService;
import org.kith.core.profile.GroupStore;
import org.kith.core.profile.PermissionGraph;
import org.kith.core.profile.PermissionService;
import org.kith.core.profile.PreferencesService;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.core.profile.ProfileService;
import org.kith.core.query.QueryService;
import org.kith.core.schema.SchemaService;
import org.kith.core.schema.SchemaStore;
import org.kith.core.schema.SchemaValidator;
import org.kith.delivery.webhook.HostResolver;
import org.kith.delivery.webhook.HttpWebhookSender;
import org.kith.graph.audit.Neo4jAuditTrail;
import org.kith.graph.consent.Neo4jInstanceStore;
import org.kith.graph.consent.Neo4jOutboxStore;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.profile.AccessCache;
import org.kith.graph.profile.Neo4jGroupStore;
import org.kith.graph.profile.Neo4jPermissionGraph;
import org.kith.graph.profile.Neo4jPreferencesStore;
import org.kith.graph.profile.Neo4jProfileObjectStore;
import org.kith.graph.query.Neo4jAnalystQueries;
import org.kith.graph.schema.Neo4jSchemaStore;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/** The permission graph: schemas, profile objects, grants, groups, documents and the audit trail. */
@Configuration(proxyBeanMethods = false)
class ProfileConfiguration {

  @Bean
  SchemaStore schemaStore(GraphConnection c) {
    return new Neo4jSchemaStore(c.cypher());
  }

  @Bean
  SchemaValidator schemaValidator(ObjectMapper json) {
    return new NetworkntSchemaValidator(json);
  }

  @Bean
  SchemaService schemaService(SchemaStore store, SchemaValidator validator, Clock clock) {
    return new SchemaService(store, validator, clock);
  }

  /**
   * Stores the shipped system schemas that changed, before the application reports ready. Idempotent start-up
   * work: its transactions have no time limit and start-up waits for it however long it takes, so a busy machine
   * starts slowly instead of failing.
   */
  @Bean
  @org.springframework.core.annotation.Order(ClarityConfiguration.SYSTEM_SCHEMAS_ORDER)
  ApplicationRunner systemSchemaLoader(
      GraphConnection c, SchemaValidator validator, Clock clock, ObjectMapper json) {
    SchemaService startup =
        new SchemaService(new Neo4jSchemaStore(c.startupCypher()), validator, clock);
    // it runs on the main thread, not an event loop
    return args -> SystemSchemas.load(startup, SystemSchemas.read(json)).block();
  }

  /** The permission check's answers, current while the caller's visibility version stands (embedded only). */
  @Bean
  AccessCache accessCache(GraphConnection c) {
    return AccessCache.of(c);
  }

  @Bean
  ProfileObjectStore profileObjectStore(GraphConnection c, AccessCache cache) {
    return new Neo4jProfileObjectStore(c.cypher(), c.inProcessCypher(), cache);
  }

  @Bean
  PermissionGraph permissionGraph(GraphConnection c, AccessCache cache) {
    return new Neo4jPermissionGraph(c.cypher(), c.inProcessCypher(), cache);
  }

  @Bean
  GroupStore groupStore(GraphConnection c) {
    return new Neo4jGroupStore(c.cypher());
  }

  @Bean
  PreferencesService preferencesService(GraphConnection c, Clock clock) {
    return new PreferencesService(new Neo4jPreferencesStore(c.cypher()), clock);
  }

  @Bean
  AuditTrail auditTrail(GraphConnection c) {
    return new Neo4jAuditTrail(c.cypher());
  }

  @Bean
  BlobStore blobStore(KithProperties p, Clock clock) {
    KithProperties.Blobs.S3 s3 = p.blobs().s3();
    if (s3.bucket() != null) {
      S3Settings settings = new S3Settings(
          s3.endpoint(),
          s3.region(),
          s3.bucket(),
          s3.prefix(),
          s3.pathStyle(),
          s3.serverSideEncryption(),
          s3.kmsKeyId(),
          s3.timeout());
      return new S3BlobStore(settings.client(), settings, p.blobs().reclaimGrace(), clock);
    }
    return new FileBlobStore(
        p.blobs().dir() != null ? p.blobs().dir() : p.dataDir().resolve("blobs"),
        p.blobs().reclaimGrace(),
        clock);
  }

  @Bean
  ProfileService profileService(
      ProfileObjectStore store,
      PermissionGraph graph,
      SchemaService schemas,
      BlobStore blobs,
      AuditTrail audit,
      KithProperties p,
      Clock clock) {
    return new ProfileService(
        store, graph, schemas, blobs, audit, p.blobs().maxDocumentSize().toBytes(), clock);
  }

  /** Every 10 minutes, reclaims documents that deletions left behind during their grace period. */
  @Bean(destroyMethod = "dispose")
  reactor.core.Disposable documentSweeper(ProfileService profiles) {
    return PeriodicJob.every(
        Duration.ofMinutes(1), Duration.ofMinutes(10), profiles::sweepDocuments);
  }

  @Bean
  PermissionService permissionService(PermissionGraph graph, Clock clock) {
    return new PermissionService(graph, clock);
  }

  @Bean
  GroupService groupService(GroupStore groups, PermissionGraph graph, Clock clock) {
    return new GroupService(groups, graph, clock);
  }

  @Bean
  AuditService auditService(
      AuditTrail trail,
      PermissionGraph graph,
      ConsentService consent,
      GroupStore groups,
      org.kith.core.org.OrganisationStore organisations) {
    // besides objects: consent instances (their parties), groups (their owner), organisations
    // (their admins)
    return new AuditService(
        trail,
        graph,
        (uId, subject) -> consent
            .mayReadTrail(uId, subject)
            .flatMap(allowed -> allowed
                ? Mono.just(true)
                : groups
                    .find(subject)
                    .map(g -> uId.equals(g.ownerUId()))
                    .defaultIfEmpty(false)
                    // an organisation's trail, for its admins (and owner)
                    .flatMap(owner -> owner
                        ? Mono.just(true)
                        : organisations
                            .role(subject, uId)
                            .map("admin"::equals)
                            .defaultIfEmpty(false))));
  }

  /** Where webhooks may connect: globally reachable addresses and the networks the operator lists. */
  @Bean
  OutboundTargets webhookTargets(KithProperties p) {
    return OutboundTargets.alsoPermitting(p.outbox().webhookAllowedNetworks());
  }

  @Bean
  @org.springframework.context.annotation.Primary
  ApplicationService applicationService(
      ApplicationStore apps,
      org.kith.core.org.OrganisationStore organisations,
      SecretHasher secrets,
      Clock clock,
      OutboundTargets webhookTargets) {
    return applications(apps, organisations, secrets, clock, webhookTargets);
  }

  /** Access applications over {@code apps}: an organisation's admins manage its applications. */
  static ApplicationService applications(
      ApplicationStore apps,
      org.kith.core.org.OrganisationStore organisations,
      SecretHasher secrets,
      Clock clock,
      OutboundTargets webhookTargets) {
    return new ApplicationService(
        apps,
        secrets,
        clock,
        (uId, orgId) -> organisations.role(orgId, uId).map("admin"::equals).defaultIfEmpty(false),
        webhookTargets);
  }

  @Bean
  ConsentService consentService(
      ApplicationStore apps,
      GraphConnection c,
      PermissionGraph graph,
      ProfileObjectStore objects,
      BlobStore blobs,
      AuditTrail audit,
      org.kith.core.consent.AppKeyService keys,
      Clock clock) {
    return new ConsentService(
        apps, new Neo4jInstanceStore(c.cypher()), graph, objects, blobs, audit, keys, clock);
  }

  @Bean
  ActionDelivery actionDelivery(
      ApplicationStore apps,
      GraphConnection c,
      Mailer mailer,
      ObjectMapper json,
      KithProperties p,
      Clock clock,
      OutboundTargets webhookTargets,
      org.kith.core.oidc.LogoutService logout) {
    HttpWebhookSender sender =
        new HttpWebhookSender(json, clock, webhookTargets, HostResolver.system());
    // back-channel logout tokens go out through the same outbox, address checks and limits as
    // webhooks
    ActionDelivery.ActionSender backChannel = e -> sender.postForm(
        String.valueOf(e.action().get("url")),
        e.eventId(),
        java.util.Map.of("logout_token", logout.logoutToken(e)));
    // the outbox is polled every second by a background job that never exchanges consistency
    // tokens: in-process
    // transactions with the embedded database spare each idle poll two Bolt crossings
    return new ActionDelivery(
        new Neo4jOutboxStore(c.inProcessCypher()),
        apps,
        mailer,
        sender,
        clock,
        p.outbox().retryBase(),
        p.outbox().maxAttempts(),
        java.util.Map.of(org.kith.core.oidc.LogoutService.METHOD, backChannel));
  }

  /** Delivers due transition actions; a failure of one round is retried at the next. */
  @Bean(destroyMethod = "dispose")
  reactor.core.Disposable actionDeliverer(ActionDelivery delivery, KithProperties p) {
    return PeriodicJob.every(
        p.outbox().pollInterval(), p.outbox().pollInterval(), delivery::deliverDue);
  }

  @Bean
  org.kith.core.consent.ScopeService scopeService(GraphConnection c, Clock clock) {
    return new org.kith.core.consent.ScopeService(
        new org.kith.graph.consent.Neo4jResourceServerStore(c.cypher()), clock);
  }

  @Bean
  QueryService queryService(GraphConnection c, AuditTrail audit, KithProperties p, Clock clock) {
    return new QueryService(
        new Neo4jAnalystQueries(c, java.util.Set.copyOf(p.query().allowedProcedures())),
        audit,
        clock,
        p.query().timeout(),
        p.query().maxConcurrentPerUser(),
        p.query().maxConcurrent());
  }
}

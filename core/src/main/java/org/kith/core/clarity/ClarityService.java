package org.kith.core.clarity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.core.profile.ProfileService;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.SchemaService;
import org.kith.core.verification.RecordCrypto;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Clarity use cases. Models are profile objects of schema {@code ss_Clarity_Model_01}: extracting with one
 * needs permission to see it (404 otherwise); extract-verify considers the models the caller can see. All image
 * work runs on a bounded pool: when it is full the answer is 503 with Retry-After, never a queue that grows.
 * Trained models and extract-verify results are signed with the verification-record key, so their provenance
 * can be checked with {@code /v1/verify/check}.
 */
public final class ClarityService {
  public static final String MODEL_SCHEMA = "ss_Clarity_Model_01";
  /** {@code source} of every extract-verify result (self-service reading, not a verifier's attestation). */
  public static final String SOURCE = "kith:clarity:self-service";
  /** Most models extract-verify compares an image against; most images in one request. */
  public static final int MAX_CANDIDATE_MODELS = 200;

  public static final int MAX_IMAGES = 4;

  private final DocumentReader reader;
  private final Scheduler pool;
  private final ProfileService profiles;
  private final RecordCrypto crypto;
  private final SchemaService schemas;
  private final List<DocumentVerifier> verifiers;

  public ClarityService(
      DocumentReader reader,
      Scheduler pool,
      ProfileService profiles,
      RecordCrypto crypto,
      SchemaService schemas,
      List<DocumentVerifier> verifiers) {
    this.reader = reader;
    this.pool = pool;
    this.profiles = profiles;
    this.crypto = crypto;
    this.schemas = schemas;
    this.verifiers = List.copyOf(verifiers);
  }

  public Mono<DocumentReader.Page> ocr(byte[] image) {
    return offload(() -> reader.ocr(image));
  }

  /** A trained model's properties and the platform's signature over them. */
  public record Trained(Map<String, Object> properties, String signature) {}

  public Mono<Trained> train(
      byte[] image,
      DocumentReader.@Nullable Page ocr,
      String name,
      String anchorA,
      String anchorC,
      List<DocumentReader.Component> components,
      @Nullable String refiner) {
    if (components.isEmpty() || components.size() > 100) {
      return Mono.error(Rejected.invalid("components", "1 to 100 components"));
    }
    return offload(() -> reader.train(image, ocr, name, anchorA, anchorC, components, refiner))
        .map(properties -> {
          Map<String, Object> m = new LinkedHashMap<>(properties);
          m.putIfAbsent(
              "model_start_date",
              java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
          return new Trained(m, crypto.sign(m));
        });
  }

  /**
   * Extraction with a model the caller may see; with a {@code schemaName}, fields with a {@code pattern} in that
   * schema have look-alike characters corrected to fit it.
   */
  public Mono<DocumentReader.Extraction> extract(
      Principal caller, byte[] image, String modelId, @Nullable String schemaName) {
    return model(caller, modelId)
        .zipWith(patterns(schemaName))
        .flatMap(
            t -> offload(() -> reader.extract(image, null, t.getT1().properties(), t.getT2())));
  }

  /** The {@code pattern}s of a schema's top-level string properties that are not dates (printed dates vary). */
  private Mono<Map<String, java.util.regex.Pattern>> patterns(@Nullable String schemaName) {
    if (schemaName == null) {
      return Mono.just(Map.of());
    }
    SchemaName name = SchemaName.parse(schemaName)
        .orElseThrow(() -> Rejected.invalid("schema_name", "not a schema name"));
    return schemas.get(name, null).map(schema -> {
      Map<String, String> out = new LinkedHashMap<>();
      if (schema.schema().get("properties") instanceof Map<?, ?> props) {
        props.forEach((k, v) -> {
          if (v instanceof Map<?, ?> spec
              && spec.get("pattern") instanceof String p
              && !"date".equals(spec.get("format"))) {
            out.put(String.valueOf(k), p);
          }
        });
      }
      return PatternCheck.compiled(out);
    });
  }

  /**
   * A signed extract-verify result, as exchanged, and every check made (passed or not, with why), unsigned, for
   * the person to read; the signed data carries only the checks that passed.
   */
  public record Signed(
      Map<String, Object> data, String signature, List<Map<String, Object>> checks) {}

  /**
   * Picks the best-matching model for each image among the models the caller can see, extracts, reads any MRZ,
   * runs the verifiers on the printed fields and signs {@code {schema_name, document_data, verifications}}, the
   * verifications being the checks that passed.
   */
  public Mono<Signed> extractVerify(Principal caller, List<byte[]> images, String schemaName) {
    if (images.isEmpty() || images.size() > MAX_IMAGES) {
      return Mono.error(Rejected.invalid("form_data", "1 to " + MAX_IMAGES + " images"));
    }
    if (SchemaName.parse(schemaName).isEmpty()) {
      return Mono.error(Rejected.invalid("schema_name", "not a schema name"));
    }
    return Mono.zip(candidateModels(caller).collectList(), patterns(schemaName))
        .flatMap(t -> Flux.fromIterable(images)
            .concatMap(image -> offload(() -> readOne(image, t.getT1(), t.getT2())))
            .collectList()
            .map(results -> {
              Map<String, Object> document = new LinkedHashMap<>();
              DocumentReader.Mrz mrz = null;
              boolean matched = false;
              for (Read r : results) {
                matched |= r.extraction() != null;
                if (r.extraction() != null) {
                  r.extraction().text().forEach((k, v) -> {
                    String value = String.join(" ", v).strip();
                    if (!value.isEmpty()) {
                      document.putIfAbsent(k, value);
                    }
                  });
                }
                if (mrz == null && r.mrz() != null) {
                  mrz = r.mrz();
                }
              }
              if (!matched && mrz == null) {
                throw Rejected.of(
                    ProblemKind.UNPROCESSABLE,
                    "no model you can use matches the document, and it has no MRZ");
              }
              // the checks compare what the page printed with the MRZ: before the MRZ fills gaps
              Map<String, Object> printed = Map.copyOf(document);
              if (mrz != null) {
                addMrz(document, mrz);
              }
              List<DocumentVerifier.Check> made = new ArrayList<>();
              PatternCheck.of(printed, t.getT2()).ifPresent(made::add);
              for (DocumentVerifier v : verifiers) {
                made.addAll(v.verify(schemaName, printed, mrz));
              }
              List<Map<String, Object>> checks = new ArrayList<>();
              for (DocumentVerifier.Check c : made) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", c.name());
                m.put("passed", c.passed());
                if (c.detail() != null) {
                  m.put("detail", c.detail());
                }
                checks.add(m);
              }
              Map<String, Object> data = new LinkedHashMap<>();
              data.put("schema_name", schemaName);
              data.put("document_data", document);
              // a signed record vouches only for checks that were made and passed
              data.put(
                  "verifications",
                  checks.stream()
                      .filter(c -> Boolean.TRUE.equals(c.get("passed")))
                      .toList());
              // signed with the rest: this is Kith's reading of an image a user submitted, for that
              // user — not a
              // verifier's attestation that the document is genuine
              data.put("source", SOURCE);
              data.put("holder_u_id", caller.uId());
              data.put("extracted_at", java.time.Instant.now().toString());
              return new Signed(data, crypto.sign(data), List.copyOf(checks));
            }));
  }

  /**
   * MRZ fields fill what the printed fields did not give, under the MRZ's names and under the names Kith's
   * document schemas use ({@code family_name}, {@code expiry_date}, {@code passport_number}, {@code mrz_line1…}).
   */
  static void addMrz(Map<String, Object> document, DocumentReader.Mrz mrz) {
    Map<String, String> f = mrz.fields();
    for (Map.Entry<String, String> e : f.entrySet()) {
      if (!e.getValue().isEmpty()) {
        document.putIfAbsent(e.getKey(), e.getValue());
      }
    }
    putIfPresent(document, "family_name", f.get("surname"));
    putIfPresent(document, "expiry_date", f.get("date_of_expiry"));
    if (String.valueOf(f.get("document_code")).startsWith("P")) {
      putIfPresent(document, "passport_number", f.get("document_number"));
    }
    for (int i = 0; i < mrz.lines().size(); i++) {
      document.putIfAbsent("mrz_line" + (i + 1), mrz.lines().get(i));
    }
  }

  private static void putIfPresent(
      Map<String, Object> document, String key, @Nullable String value) {
    if (value != null && !value.isEmpty()) {
      document.putIfAbsent(key, value);
    }
  }

  private record Read(
      DocumentReader.@Nullable Extraction extraction, DocumentReader.@Nullable Mrz mrz) {}

  private Read readOne(
      byte[] image, List<ProfileObject> models, Map<String, java.util.regex.Pattern> patterns) {
    DocumentReader.Page page = reader.anchorPage(image);
    ProfileObject best = null;
    double bestScore = -1;
    for (ProfileObject m : models) {
      Optional<Double> score = reader.match(page, m.properties());
      if (score.isPresent() && score.get() > bestScore) {
        bestScore = score.get();
        best = m;
      }
    }
    DocumentReader.Extraction extraction =
        best == null ? null : reader.extract(image, page, best.properties(), patterns);
    return new Read(extraction, reader.mrz(image, page).orElse(null));
  }

  /** A verified extraction mapped onto its schema's properties, and whether they are valid there. */
  public record Mapped(
      String schemaName,
      Map<String, Object> properties,
      boolean valid,
      List<org.kith.core.FieldError> errors) {}

  /**
   * Verifies a signed extract-verify result (400 if it does not verify) and maps its {@code document_data} onto
   * the properties of {@code schema_name}: names that are properties of the schema are kept, dates become
   * ISO dates where the schema says {@code format: date}, numbers become numbers; the result is validated.
   */
  public Mono<Mapped> map(@Nullable Object data, @Nullable String signature) {
    if (!crypto.verify(data, signature)) {
      return Mono.error(Rejected.invalid("signature", "the signature does not verify"));
    }
    if (!(data instanceof Map<?, ?> d)
        || !(d.get("schema_name") instanceof String schemaName)
        || !(d.get("document_data") instanceof Map<?, ?> document)) {
      return Mono.error(
          Rejected.invalid("data", "a signed {schema_name, document_data, verifications}"));
    }
    SchemaName name = SchemaName.parse(schemaName)
        .orElseThrow(() -> Rejected.invalid("schema_name", "not a schema name"));
    return schemas.get(name, null).flatMap(schema -> {
      Map<String, Object> properties = new LinkedHashMap<>();
      Object declared = schema.schema().get("properties");
      Map<?, ?> props = declared instanceof Map<?, ?> p ? p : Map.of();
      for (Map.Entry<?, ?> e : document.entrySet()) {
        if (props.get(e.getKey()) instanceof Map<?, ?> spec) {
          properties.put(String.valueOf(e.getKey()), convert(e.getValue(), spec));
        }
      }
      return schemas
          .validate(schema, properties)
          .map(v -> new Mapped(schemaName, properties, v.valid(), v.errors()));
    });
  }

  private static @Nullable Object convert(@Nullable Object value, Map<?, ?> spec) {
    if (!(value instanceof String s)) {
      return value;
    }
    if ("date".equals(spec.get("format"))) {
      return BuiltInVerifiers.date(s).map(Object::toString).orElse(s);
    }
    Object type = spec.get("type");
    try {
      if ("integer".equals(type)) {
        return Long.parseLong(s.strip());
      }
      if ("number".equals(type)) {
        return new java.math.BigDecimal(s.strip());
      }
    } catch (NumberFormatException e) {
      return s;
    }
    return s;
  }

  private Mono<ProfileObject> model(Principal caller, String modelId) {
    return profiles
        .get(caller.uId(), modelId)
        .filter(o -> MODEL_SCHEMA.equals(o.schema()))
        .switchIfEmpty(Mono.error(() -> Rejected.notFound("no such Clarity model")));
  }

  private Flux<ProfileObject> candidateModels(Principal caller) {
    return profiles
        .read(
            caller.uId(),
            new ProfileObjectStore.VisibleQuery(
                List.of(), List.of(MODEL_SCHEMA), List.of(), null, MAX_CANDIDATE_MODELS))
        .flatMapIterable(page -> page.objects().stream()
            .map(ProfileObjectStore.VisibleObject::object)
            .filter(o -> MODEL_SCHEMA.equals(o.schema()))
            .toList());
  }

  /** Runs image work on the bounded pool; a full pool is 503 with Retry-After. */
  private <T> Mono<T> offload(Callable<T> work) {
    return Mono.fromCallable(work)
        .subscribeOn(pool)
        .onErrorMap(
            RejectedExecutionException.class,
            e -> org.kith.core.Failed.busy(
                "document reading is at capacity; try again shortly", Duration.ofSeconds(2)));
  }
}

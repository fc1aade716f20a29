package org.kith.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.FieldError;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.Principal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

@DisplayName("schema service")
class SchemaServiceTests {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  /** Versions in memory, as the graph keeps them; like the graph's, its writes happen on subscription. */
  static final class MemoryStore implements SchemaStore {
    final List<StoredSchema> versions = new ArrayList<>();

    @Override
    public Mono<StoredSchema> current(SchemaName name) {
      return Flux.fromIterable(versions)
          .filter(s -> s.name().equals(name) && s.current())
          .next();
    }

    @Override
    public Mono<StoredSchema> version(SchemaName name, int version) {
      return Flux.fromIterable(versions)
          .filter(s -> s.name().equals(name) && s.version() == version)
          .next();
    }

    @Override
    public Flux<StoredSchema> list(
        @Nullable SchemaType type,
        boolean currentOnly,
        SchemaStore.@Nullable After after,
        int limit) {
      return Flux.fromIterable(versions)
          .filter(s -> (type == null || s.name().type() == type) && (!currentOnly || s.current()))
          .filter(s -> after == null
              || s.name().full().compareTo(after.name()) > 0
              || (s.name().full().equals(after.name()) && s.version() > after.version()))
          .sort(Comparator.comparing((StoredSchema s) -> s.name().full())
              .thenComparingInt(StoredSchema::version))
          .take(limit);
    }

    @Override
    public Mono<StoredSchema> addVersion(
        SchemaName name,
        Map<String, Object> schema,
        @Nullable String createdBy,
        Instant now,
        java.util.function.IntFunction<List<org.kith.core.audit.AuditEvent>> audit) {
      return Mono.fromCallable(() -> append(name, schema, createdBy, now));
    }

    private StoredSchema append(
        SchemaName name, Map<String, Object> schema, @Nullable String createdBy, Instant now) {
      int next = 1;
      for (int i = 0; i < versions.size(); i++) {
        StoredSchema s = versions.get(i);
        if (s.name().equals(name)) {
          next = Math.max(next, s.version() + 1);
          versions.set(
              i,
              new StoredSchema(
                  s.name(), s.version(), false, s.schema(), s.createdBy(), s.createdAt()));
        }
      }
      StoredSchema added = new StoredSchema(name, next, true, schema, createdBy, now);
      versions.add(added);
      return added;
    }
  }

  /** Accepts any schema with a "type"; a document is valid when it is a map holding every "required" key. */
  private static final SchemaValidator VALIDATOR = new SchemaValidator() {
    @Override
    public List<FieldError> checkSchema(Map<String, Object> schema) {
      return schema.containsKey("type") ? List.of() : List.of(new FieldError("/type", "missing"));
    }

    @Override
    public List<FieldError> validate(
        StoredSchema schema, Map<String, Map<String, Object>> referenced, Object document) {
      List<?> required = (List<?>) schema.schema().getOrDefault("required", List.of());
      Map<?, ?> doc = (Map<?, ?>) document;
      return required.stream()
          .filter(r -> !doc.containsKey(r))
          .map(r -> new FieldError("/" + r, "required"))
          .toList();
    }
  };

  private final MemoryStore store = new MemoryStore();
  private final SchemaService service =
      new SchemaService(store, VALIDATOR, Clock.fixed(NOW, ZoneOffset.UTC));

  private static Principal user(String uId, String... roles) {
    return new Principal(
        uId, uId + "@example.org", Set.of(roles), Set.of(), null, Principal.Credential.TOKEN);
  }

  private static SchemaName name(String full) {
    return SchemaName.parse(full).orElseThrow();
  }

  private static void rejected(Mono<?> mono, ProblemKind kind) {
    StepVerifier.create(mono)
        .verifyErrorSatisfies(e -> assertThat(((Rejected) e).kind()).isEqualTo(kind));
  }

  @Test
  @DisplayName("each added version becomes current, numbered from 1, stamped with creator and time")
  void versions() {
    Principal alice = user("alice");
    service.addVersion(alice, name("us_Pet"), Map.of("type", "object")).block();
    StoredSchema second =
        service.addVersion(alice, name("us_Pet"), Map.of("type", "string")).block();
    assertThat(second).isNotNull();
    assertThat(second.version()).isEqualTo(2);
    assertThat(second.createdBy()).isEqualTo("alice");
    assertThat(second.createdAt()).isEqualTo(NOW);
    assertThat(service.get(name("us_Pet"), null).block()).isEqualTo(second);
    assertThat(service.get(name("us_Pet"), 1).block())
        .extracting(StoredSchema::schema)
        .isEqualTo(Map.of("type", "object"));
    rejected(service.get(name("us_Pet"), 3), ProblemKind.NOT_FOUND);
    rejected(service.get(name("us_Other"), null), ProblemKind.NOT_FOUND);
  }

  @Test
  @DisplayName(
      "system and platform schemas are changed by admins only; Kith's start-up loading may")
  void adminOnly() {
    rejected(
        service.addVersion(
            user("alice", AccountSettings.ROLE_USER), name("ss_Person"), Map.of("type", "object")),
        ProblemKind.FORBIDDEN);
    rejected(
        service.addVersion(user("alice"), name("ps_Org"), Map.of("type", "object")),
        ProblemKind.FORBIDDEN);
    assertThat(service
            .addVersion(
                user("root", AccountSettings.ROLE_ADMIN),
                name("ss_Person"),
                Map.of("type", "object"))
            .block())
        .isNotNull();
    assertThat(service
            .addVersion(null, name("ss_Address"), Map.of("type", "object"))
            .block())
        .extracting(StoredSchema::createdBy)
        .isNull();
    assertThat(store.versions).hasSize(2);
  }

  @Test
  @DisplayName("a user schema's later versions are its creator's (or an admin's), nobody else's")
  void ownership() {
    service.addVersion(user("alice"), name("us_Pet"), Map.of("type", "object")).block();
    rejected(
        service.addVersion(user("bob"), name("us_Pet"), Map.of("type", "string")),
        ProblemKind.FORBIDDEN);
    assertThat(service
            .addVersion(
                user("root", AccountSettings.ROLE_ADMIN), name("us_Pet"), Map.of("type", "string"))
            .block())
        .extracting(StoredSchema::version)
        .isEqualTo(2);
    assertThat(service
            .addVersion(user("alice"), name("us_Pet"), Map.of("type", "number"))
            .block())
        .extracting(StoredSchema::version)
        .isEqualTo(3);
  }

  @Test
  @DisplayName("an invalid schema is a 400 carrying the validator's field errors")
  void invalidSchema() {
    StepVerifier.create(
            service.addVersion(user("alice"), name("us_Pet"), Map.of("title", "no type")))
        .verifyErrorSatisfies(e -> assertThat(((Rejected) e).errors())
            .containsExactly(new FieldError("/type", "missing")));
    assertThat(store.versions).isEmpty();
  }

  @Test
  @DisplayName("references must be local or to Kith schemas that exist")
  void references() {
    StepVerifier.create(service.addVersion(
            user("alice"),
            name("us_Pet"),
            Map.of("type", "object", "$ref", "https://evil.example/x.json")))
        .verifyErrorSatisfies(
            e -> assertThat(e).hasMessageContaining("https://evil.example/x.json"));
    StepVerifier.create(service.addVersion(
            user("alice"), name("us_Pet"), Map.of("type", "object", "$ref", "us_Owner")))
        .verifyErrorSatisfies(e -> assertThat(e).hasMessageContaining("unknown schema us_Owner"));
    service
        .addVersion(user("alice"), name("us_Owner"), Map.of("type", "object"))
        .block();
    assertThat(service
            .addVersion(user("alice"), name("us_Pet"), Map.of("type", "object", "$ref", "us_Owner"))
            .block())
        .isNotNull();
    // a schema may refer to itself before it exists
    assertThat(service
            .addVersion(user("alice"), name("us_Tree"), Map.of("type", "object", "$ref", "us_Tree"))
            .block())
        .isNotNull();
    // a published (ss, ps) schema is served to everyone bundled with what it references: never a
    // person's own schema
    StepVerifier.create(service.addVersion(
            user("root", AccountSettings.ROLE_ADMIN),
            name("ss_Pet"),
            Map.of("type", "object", "$ref", "us_Owner")))
        .verifyErrorSatisfies(
            e -> assertThat(e).hasMessageContaining("may reference only ss and ps"));
  }

  @Test
  @DisplayName("documents are checked against the current version; the message counts the errors")
  void validate() {
    service
        .addVersion(
            user("alice"), name("us_Pet"), Map.of("type", "object", "required", List.of("name")))
        .block();
    SchemaService.Validation bad = service.validate(name("us_Pet"), Map.of()).block();
    assertThat(bad).isNotNull();
    assertThat(bad.valid()).isFalse();
    assertThat(bad.message()).isEqualTo("1 validation error");
    assertThat(service.validate(name("us_Pet"), Map.of("name", "Rex")).block())
        .extracting(SchemaService.Validation::message)
        .isEqualTo("valid");
    service
        .addVersion(
            user("alice"), name("us_Pet"), Map.of("type", "object", "required", List.of("a", "b")))
        .block();
    assertThat(service
            .validatorFor(name("us_Pet"))
            .block()
            .apply(Map.of("name", "Rex"))
            .message())
        .isEqualTo("2 validation errors");
    rejected(service.validate(name("us_Nothing"), Map.of()), ProblemKind.NOT_FOUND);
  }

  @Test
  @DisplayName("expanding bundles every schema reachable through references, transitively")
  void expand() {
    service.addVersion(null, name("ss_C"), Map.of("type", "string")).block();
    service
        .addVersion(null, name("ss_B"), Map.of("type", "object", "$ref", "ss_C"))
        .block();
    StoredSchema a = service
        .addVersion(null, name("ss_A"), Map.of("type", "object", "$ref", "ss_B"))
        .block();
    Map<String, Object> bundled = service.expand(a).block();
    assertThat(bundled).isNotNull();
    assertThat(bundled.get("$defs"))
        .asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsOnlyKeys("ss_B", "ss_C");
  }

  @Test
  @DisplayName("at most 50 referenced schemas are followed; more is a 400")
  void referenceLimit() {
    int limit = SchemaService.MAX_REFERENCED;
    for (int i = 0; i <= limit + 1; i++) {
      Map<String, Object> schema = i <= limit
          ? Map.of("type", "object", "$ref", "ss_N" + (i + 1))
          : Map.of("type", "object");
      store.addVersion(name("ss_N" + i), schema, null, NOW, v -> List.of()).block();
    }
    StoredSchema fiftyDeep = store.current(name("ss_N1")).block();
    assertThat(service.expand(fiftyDeep).block())
        .extracting(b -> ((Map<?, ?>) b.get("$defs")).size())
        .isEqualTo(limit);
    StoredSchema tooDeep = store.current(name("ss_N0")).block();
    StepVerifier.create(service.expand(tooDeep))
        .verifyErrorSatisfies(e ->
            assertThat(e).isInstanceOf(Rejected.class).hasMessage("too many referenced schemas"));
  }

  @Test
  @DisplayName("listing filters by type and to current versions")
  void list() {
    service.addVersion(null, name("ss_A"), Map.of("type", "object")).block();
    service.addVersion(null, name("ss_A"), Map.of("type", "string")).block();
    service.addVersion(user("alice"), name("us_B"), Map.of("type", "object")).block();
    assertThat(service.list(null, false).collectList().block()).hasSize(3);
    assertThat(service.list(null, true).collectList().block()).hasSize(2);
    assertThat(service.list(SchemaType.US, false).collectList().block())
        .singleElement()
        .extracting(s -> s.name().full())
        .isEqualTo("us_B");
  }
}

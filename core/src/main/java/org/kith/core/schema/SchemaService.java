package org.kith.core.schema;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.kith.core.FieldError;
import org.kith.core.Rejected;
import org.kith.core.account.AccountSettings;
import org.kith.core.account.Principal;
import org.kith.core.audit.AdminEvent;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Schema use cases: add versions (users own their {@code us} schemas; {@code ss} and {@code ps} are for
 * admins), read, list, bundle ({@code expand}) and validate documents. Thread-safe.
 */
public final class SchemaService {
  static final int MAX_REFERENCED = 50;
  private final SchemaStore store;
  private final SchemaValidator validator;
  private final Clock clock;

  public SchemaService(SchemaStore store, SchemaValidator validator, Clock clock) {
    this.store = store;
    this.validator = validator;
    this.clock = clock;
  }

  /** The outcome of validating a document. */
  public record Validation(boolean valid, List<FieldError> errors) {
    public String message() {
      return valid
          ? "valid"
          : errors.size() + " validation error" + (errors.size() == 1 ? "" : "s");
    }
  }

  /**
   * Adds the next version of a schema, audited on the schema's trail ({@code schema_version_add}) in the same
   * transaction. {@code creator} is null only for Kith's own start-up loading.
   */
  public Mono<StoredSchema> addVersion(
      @Nullable Principal creator, SchemaName name, Map<String, Object> schema) {
    return Mono.defer(() -> {
      if (creator != null
          && name.type().adminOnly()
          && !creator.hasRole(AccountSettings.ROLE_ADMIN)) {
        return Mono.error(
            Rejected.forbidden("only admins may change " + name.type().wire() + " schemas"));
      }
      List<FieldError> problems = validator.checkSchema(schema);
      if (!problems.isEmpty()) {
        return Mono.error(Rejected.invalid("the schema is not a valid JSON Schema", problems));
      }
      SchemaRefs.Found refs = SchemaRefs.scan(schema);
      if (!refs.foreign().isEmpty()) {
        return Mono.error(Rejected.invalid(
            "schema",
            "only local and Kith schema $refs are allowed, not "
                + refs.foreign().get(0)));
      }
      if (name.type().adminOnly()
          && refs.kith().stream().anyMatch(r -> !r.type().adminOnly())) {
        return Mono.error(Rejected.invalid(
            "schema",
            name.type().wire()
                + " schemas are published to everyone, so they may reference only ss and ps"
                + " schemas, not a person's us schema"));
      }
      Mono<Void> ownership = creator == null
          ? Mono.empty()
          : store
              .version(name, 1)
              .flatMap(first -> name.type() == SchemaType.US
                      && first.createdBy() != null
                      && !first.createdBy().equals(creator.uId())
                      && !creator.hasRole(AccountSettings.ROLE_ADMIN)
                  ? Mono.<Void>error(Rejected.forbidden("this schema belongs to another user"))
                  : Mono.empty());
      return ownership
          .then(Flux.fromIterable(refs.kith())
              .filter(r -> !r.equals(name))
              .concatMap(r -> store
                  .current(r)
                  .switchIfEmpty(Mono.error(
                      () -> Rejected.invalid("schema", "$ref to unknown schema " + r.full()))))
              .then())
          .then(Mono.defer(() -> {
            String by = creator == null ? null : creator.uId();
            java.time.Instant now = clock.instant();
            return store.addVersion(
                name,
                schema,
                by,
                now,
                version -> List.of(AuditEvent.of(
                    AdminEvent.schemaSubject(name.full()),
                    by,
                    now,
                    new AdminEvent.SchemaVersionAdded(name.full(), version))));
          }));
    });
  }

  /** The current version, or a given one. */
  public Mono<StoredSchema> get(SchemaName name, @Nullable Integer version) {
    Mono<StoredSchema> found = version == null ? store.current(name) : store.version(name, version);
    return found.switchIfEmpty(Mono.error(() -> Rejected.notFound("no such schema")));
  }

  public Flux<StoredSchema> list(@Nullable SchemaType type, boolean currentOnly) {
    return store.list(type, currentOnly);
  }

  /** A page of {@link #list}: by name then version, after {@code after}, at most {@code limit}. */
  public Flux<StoredSchema> list(
      @Nullable SchemaType type,
      boolean currentOnly,
      SchemaStore.@Nullable After after,
      int limit) {
    return store.list(type, currentOnly, after, limit);
  }

  /** The schema bundled with every Kith schema it references (current versions). */
  public Mono<Map<String, Object>> expand(StoredSchema schema) {
    return referenced(schema).map(refs -> SchemaRefs.bundle(schema.schema(), refs));
  }

  /** Validates a document against the schema's current version. */
  public Mono<Validation> validate(SchemaName name, Object document) {
    return get(name, null).flatMap(s -> validate(s, document));
  }

  public Mono<Validation> validate(StoredSchema schema, Object document) {
    return referenced(schema).map(refs -> check(schema, refs, document));
  }

  /**
   * A validator bound to the current version of a schema and the schemas it references, for checking many
   * documents with one lookup (bulk creates). Its {@code apply} is CPU-only.
   */
  public Mono<Function<Object, Validation>> validatorFor(SchemaName name) {
    return get(name, null)
        .flatMap(schema -> referenced(schema)
            .map(refs -> (Function<Object, Validation>) doc -> check(schema, refs, doc)));
  }

  private Validation check(
      StoredSchema schema, Map<String, Map<String, Object>> refs, Object document) {
    List<FieldError> errors = validator.validate(schema, refs, document);
    return new Validation(errors.isEmpty(), errors);
  }

  /** Every Kith schema reachable through $refs, by full name (current versions), bounded in number. */
  Mono<Map<String, Map<String, Object>>> referenced(StoredSchema schema) {
    Map<String, Map<String, Object>> found = new LinkedHashMap<>();
    return collect(SchemaRefs.scan(schema.schema()).kith(), schema.name(), found)
        .thenReturn(found);
  }

  private Mono<Void> collect(
      Set<SchemaName> names, SchemaName root, Map<String, Map<String, Object>> found) {
    return Flux.fromIterable(names)
        .filter(n -> !n.equals(root) && !found.containsKey(n.full()))
        .concatMap(n -> {
          if (found.size() >= MAX_REFERENCED) {
            return Mono.error(Rejected.invalid("schema", "too many referenced schemas"));
          }
          return store.current(n).flatMap(s -> {
            found.put(n.full(), s.schema());
            return collect(SchemaRefs.scan(s.schema()).kith(), root, found);
          });
        })
        .then();
  }
}

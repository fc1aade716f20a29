package org.kith.core.schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: schema versions. Adding a version makes it current atomically. */
public interface SchemaStore {
  Mono<StoredSchema> current(SchemaName name);

  Mono<StoredSchema> version(SchemaName name, int version);

  /** Schemas of a type (all types if null), newest versions only if {@code currentOnly}, by name then version. */
  default Flux<StoredSchema> list(@Nullable SchemaType type, boolean currentOnly) {
    return list(type, currentOnly, null, MAX_LISTED);
  }

  /** The most schemas one listing reads. */
  int MAX_LISTED = 10_000;

  /**
   * Schemas by name then version, from after {@code after} (the last of the previous page; the start if null), at
   * most {@code limit}.
   */
  Flux<StoredSchema> list(
      @Nullable SchemaType type, boolean currentOnly, @Nullable After after, int limit);

  /** A position in {@link #list}'s order. */
  record After(String name, int version) {}

  /**
   * Appends the next version (1 for a new name) and makes it current; {@code audit} makes the events of the
   * version number given, appended in the same transaction.
   */
  Mono<StoredSchema> addVersion(
      SchemaName name,
      Map<String, Object> schema,
      @Nullable String createdBy,
      Instant now,
      IntFunction<List<AuditEvent>> audit);
}

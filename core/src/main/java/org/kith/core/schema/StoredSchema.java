package org.kith.core.schema;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One immutable version of a schema. */
public record StoredSchema(
    SchemaName name,
    int version,
    boolean current,
    Map<String, Object> schema,
    @Nullable String createdBy,
    Instant createdAt) {}

package org.kith.core.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A piece of a person's identity data: schema-valid JSON {@code properties} (any nesting, kept exactly),
 * labels (the schema's full name first), and optionally a stored document.
 */
public record ProfileObject(
    String nId,
    List<String> labels,
    String schema,
    Map<String, Object> properties,
    @Nullable DocumentRef document,
    Instant createdAt,
    Instant updatedAt) {
  public ProfileObject {
    labels = List.copyOf(labels);
  }
}

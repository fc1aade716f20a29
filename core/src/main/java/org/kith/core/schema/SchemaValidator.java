package org.kith.core.schema;

import java.util.List;
import java.util.Map;
import org.kith.core.FieldError;

/**
 * Port: JSON Schema (drafts 2020-12 and 07). {@code $ref}s to Kith schemas are resolved from
 * {@code referenced} (full name → schema), never from the network. Both methods are CPU-only.
 */
public interface SchemaValidator {
  /** Problems with the schema itself (not a valid JSON Schema, unsupported draft, remote refs); empty if fine. */
  List<FieldError> checkSchema(Map<String, Object> schema);

  /** Where {@code document} breaks {@code schema}; empty if it is valid. Paths are JSON pointers. */
  List<FieldError> validate(
      StoredSchema schema, Map<String, Map<String, Object>> referenced, Object document);
}

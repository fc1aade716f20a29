package org.kith.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kith.core.FieldError;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.StoredSchema;

/**
 * JSON Schema validation of user schemas. An input is a schema and a document separated by a line
 * {@code ----}, seeded with Kith's system schemas and their examples. Property: checking the schema and then
 * validating the document never throws and never takes long (user patterns included: see {@link BoundedRegex}).
 */
class SchemaValidationFuzz {
  static final ObjectMapper JSON = new ObjectMapper();
  static final NetworkntSchemaValidator VALIDATOR = new NetworkntSchemaValidator(JSON);
  static final SchemaName NAME = SchemaName.parse("us_Fuzzed").orElseThrow();
  /** A new version for every input: compiled schemas are cached by name and version. */
  static int version;

  @FuzzTest(maxDuration = "45s")
  @SuppressWarnings("unchecked")
  void validate(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    int separator = text.indexOf("\n----\n");
    if (separator < 0 || text.length() > 64 * 1024) {
      return;
    }
    Object schema;
    Object document;
    try {
      schema = JSON.readValue(text.substring(0, separator), Object.class);
      document = JSON.readValue(text.substring(separator + 6), Object.class);
    } catch (JsonProcessingException e) {
      return;
    }
    if (!(schema instanceof Map<?, ?> map)) {
      return;
    }
    Instant started = Instant.now();
    List<FieldError> problems = VALIDATOR.checkSchema((Map<String, Object>) map);
    if (problems.isEmpty()) {
      VALIDATOR.validate(
          new StoredSchema(NAME, ++version, true, (Map<String, Object>) map, null, started),
          Map.of(),
          document);
    }
    assertThat(Duration.between(started, Instant.now()))
        .as("time to check %s", text)
        .isLessThan(Duration.ofSeconds(10));
  }
}

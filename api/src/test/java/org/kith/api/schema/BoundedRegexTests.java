package org.kith.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.FieldError;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.StoredSchema;

@DisplayName("user schemas: patterns and references")
class BoundedRegexTests {
  final NetworkntSchemaValidator validator = new NetworkntSchemaValidator(new ObjectMapper());
  int schemas;

  List<FieldError> validate(Map<String, Object> schema, Object document) {
    assertThat(validator.checkSchema(schema)).isEmpty();
    return validator.validate(
        new StoredSchema(
            SchemaName.parse("us_Regex" + ++schemas).orElseThrow(),
            1,
            true,
            schema,
            null,
            Instant.EPOCH),
        Map.of(),
        document);
  }

  @Test
  @DisplayName(
      "a catastrophic pattern (a+)+$ is decided at once: RE2's time is linear in the value")
  void catastrophicPatternRunsInLinearTime() {
    Map<String, Object> schema = Map.of("type", "string", "pattern", "^(a+)+$");
    // a backtracking engine needs about 2^60 steps for this value; the test would never finish
    assertThat(validate(schema, "a".repeat(60) + "!"))
        .extracting(FieldError::message)
        .singleElement()
        .asString()
        .contains("pattern");
    assertThat(validate(schema, "a".repeat(60))).isEmpty();
  }

  @Test
  @DisplayName(
      "look-ahead and back-references still work (JDK engine), and an exhausted budget fails closed")
  void backtrackingFeaturesAreBudgeted() {
    Map<String, Object> password =
        Map.of("type", "string", "pattern", "^(?=.*\\d)(?=.*[a-z]).{8,}$");
    assertThat(validate(password, "abcdefg1")).isEmpty();
    assertThat(validate(password, "abcdefgh")).hasSize(1);
    Map<String, Object> twice = Map.of("type", "string", "pattern", "^(\\w+)-\\1$");
    assertThat(validate(twice, "ab-ab")).isEmpty();
    assertThat(validate(twice, "ab-ba")).hasSize(1);
    Map<String, Object> evil = Map.of("type", "string", "pattern", "^(?=(a+)+$)\\1?a");
    assertThat(validate(evil, "a".repeat(60) + "!")).as("refused, not hung").hasSize(1);
  }

  @Test
  @DisplayName(
      "a schema whose reference resolves nowhere refuses the document instead of throwing (fuzz finding)")
  void unresolvableReference() {
    Map<String, Object> schema = Map.of("type", "array", "items", Map.of("$ref", "?/$defs/n"));
    assertThat(validator.checkSchema(schema)).isEmpty();
    assertThat(validator.validate(
            new StoredSchema(
                SchemaName.parse("us_Ref" + ++schemas).orElseThrow(),
                1,
                true,
                schema,
                null,
                Instant.EPOCH),
            Map.of(),
            List.of(List.of())))
        .extracting(FieldError::message)
        .singleElement()
        .asString()
        .startsWith("the schema cannot be applied");
  }
}

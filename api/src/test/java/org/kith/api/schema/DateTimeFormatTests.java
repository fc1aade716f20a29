package org.kith.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.FieldError;
import org.kith.core.Timestamps;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.StoredSchema;

@DisplayName(
    "date-time: the reference's zoneless timestamps in draft-07 schemas and in request fields")
class DateTimeFormatTests {
  final NetworkntSchemaValidator validator = new NetworkntSchemaValidator(new ObjectMapper());
  int schemas;

  List<FieldError> validate(String draft, Object value) {
    Map<String, Object> schema = Map.of(
        "$schema",
        draft,
        "type",
        "object",
        "properties",
        Map.of("at", Map.of("type", "string", "format", "date-time")));
    assertThat(validator.checkSchema(schema)).isEmpty();
    return validator.validate(
        new StoredSchema(
            SchemaName.parse("us_Dates" + ++schemas).orElseThrow(),
            1,
            true,
            schema,
            null,
            Instant.EPOCH),
        Map.of(),
        Map.of("at", value));
  }

  @Test
  @DisplayName(
      "a draft-07 date-time accepts RFC 3339 and a real date-time without a zone; anything else is refused")
  void draft07() {
    String draft07 = "http://json-schema.org/draft-07/schema#";
    for (String ok : List.of(
        "2119-03-30T03:53:17.848776",
        "2119-03-30T03:53:17",
        "2119-03-30t03:53:17",
        "2119-03-30T03:53:17Z",
        "1998-12-31T23:59:60Z",
        "1990-12-31T15:59:50.123-08:00")) {
      assertThat(validate(draft07, ok)).as(ok).isEmpty();
    }
    for (String bad : List.of(
        "2119-02-30T03:53:17",
        "2119-03-30 03:53:17",
        "2119-03-30T03:53",
        "2119-03-30T24:00:00",
        "2013-350T01:01:01",
        "2119-03-30T03:53:17.1234567890",
        "2119-03-30")) {
      assertThat(validate(draft07, bad)).as(bad).hasSize(1);
    }
  }

  @Test
  @DisplayName(
      "request fields read a zoneless date-time as UTC and a date as its first UTC instant")
  void requestFields() {
    assertThat(Timestamps.parse("2119-03-30T03:53:17.848776"))
        .contains(Instant.parse("2119-03-30T03:53:17.848776Z"));
    assertThat(Timestamps.parse("2119-03-30T05:53:17+02:00"))
        .contains(Instant.parse("2119-03-30T03:53:17Z"));
    assertThat(Timestamps.parse("2119-03-30")).contains(Instant.parse("2119-03-30T00:00:00Z"));
    assertThat(Timestamps.parse("2119-03-30T03:53")).isEmpty();
    assertThat(Timestamps.parse("30/03/2119")).isEmpty();
    assertThat(Timestamps.parse("2".repeat(100))).isEmpty();
  }
}

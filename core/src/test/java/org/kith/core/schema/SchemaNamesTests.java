package org.kith.core.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("schema names and references")
class SchemaNamesTests {
  @Test
  @DisplayName("a full name is type, underscore, id; it parses back to itself")
  void fullName() {
    SchemaName name = SchemaName.parse("ss_NZ_Person").orElseThrow();
    assertThat(name.type()).isEqualTo(SchemaType.SS);
    assertThat(name.id()).isEqualTo("NZ_Person");
    assertThat(name.full()).isEqualTo("ss_NZ_Person");
    assertThat(SchemaName.parse(new SchemaName(SchemaType.US, "Pet").full()))
        .contains(new SchemaName(SchemaType.US, "Pet"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "xs_Person",
        "SS_Person",
        "ss_",
        "ss_1Person",
        "ss_Per-son",
        "ss_Person/x",
        "ss Person",
        "ss_Pérson",
        "Person"
      })
  @DisplayName("unknown types, ids not starting with a letter and other characters do not parse")
  void invalid(String text) {
    assertThat(SchemaName.parse(text)).isEmpty();
  }

  @Test
  @DisplayName("an id is a letter then at most 99 letters, digits or underscores")
  void idLength() {
    assertThat(SchemaName.validId("A" + "b".repeat(99))).isTrue();
    assertThat(SchemaName.validId("A" + "b".repeat(100))).isFalse();
    assertThat(SchemaName.validId("_A")).isFalse();
    assertThat(SchemaName.parse("ps_A" + "b".repeat(99))).isPresent();
    assertThat(SchemaName.parse("ps_A" + "b".repeat(100))).isEmpty();
  }

  @Test
  @DisplayName("only user schemas are open to non-admins; wire names are lower case")
  void types() {
    assertThat(SchemaType.US.adminOnly()).isFalse();
    assertThat(SchemaType.SS.adminOnly()).isTrue();
    assertThat(SchemaType.PS.adminOnly()).isTrue();
    assertThat(SchemaType.fromWire("ps")).contains(SchemaType.PS);
    assertThat(SchemaType.fromWire("PS")).isEmpty();
  }

  @Test
  @DisplayName("absolute and relative references to Kith schemas are found, fragments ignored")
  void kithRefs() {
    Map<String, Object> schema = Map.of(
        "properties",
        Map.of(
            "a", Map.of("$ref", "https://kith.dev/schemas/ss_NZ_Person#/properties/name"),
            "b", Map.of("items", List.of(Map.of("$ref", "us_Pet"))),
            "c", Map.of("$dynamicRef", "ps_Org")));
    SchemaRefs.Found found = SchemaRefs.scan(schema);
    assertThat(found.kith())
        .containsExactlyInAnyOrder(
            SchemaName.parse("ss_NZ_Person").orElseThrow(),
            SchemaName.parse("us_Pet").orElseThrow(),
            SchemaName.parse("ps_Org").orElseThrow());
    assertThat(found.foreign()).isEmpty();
  }

  @Test
  @DisplayName("local references, embedded resources and the JSON Schema meta-schemas stay inside")
  void localRefs() {
    Map<String, Object> schema = Map.of(
        "$defs",
            Map.of(
                "x",
                Map.of("type", "string"),
                "emb",
                Map.of("$id", "https://other.example/embedded", "type", "integer")),
        "properties",
            Map.of(
                "a", Map.of("$ref", "#/$defs/x"),
                "b", Map.of("$ref", "https://other.example/embedded#/type"),
                "c", Map.of("$ref", "https://json-schema.org/draft/2020-12/schema")));
    SchemaRefs.Found found = SchemaRefs.scan(schema);
    assertThat(found.kith()).isEmpty();
    assertThat(found.foreign()).isEmpty();
  }

  @Test
  @DisplayName("references that need the network, or do not parse, are reported as foreign")
  void foreignRefs() {
    Map<String, Object> schema = Map.of(
        "properties",
        Map.of(
            "a", Map.of("$ref", "https://evil.example/schema.json"),
            "b", Map.of("$ref", "https://kith.dev/schemas/not a name"),
            "c", Map.of("$ref", "https://kith.dev/schemas/xx_Thing")));
    assertThat(SchemaRefs.scan(schema).foreign())
        .hasSize(3)
        .contains("https://evil.example/schema.json");
  }

  @Test
  @DisplayName("$ref text inside enum, const and examples is data, not a reference")
  void dataIsNotARef() {
    Map<String, Object> schema = Map.of(
        "enum", List.of(Map.of("$ref", "https://evil.example/a")),
        "const", Map.of("$ref", "https://evil.example/b"),
        "examples", List.of(Map.of("$ref", "ss_Person")));
    SchemaRefs.Found found = SchemaRefs.scan(schema);
    assertThat(found.kith()).isEmpty();
    assertThat(found.foreign()).isEmpty();
  }

  @Test
  @DisplayName("bundling embeds each referenced schema under $defs with its own $id and no $schema")
  void bundle() {
    Map<String, Object> root =
        Map.of("$ref", "ss_Person", "$defs", Map.of("local", Map.of("type", "string")));
    Map<String, Object> bundled = SchemaRefs.bundle(
        root,
        Map.of(
            "ss_Person",
            Map.of("$schema", "https://json-schema.org/draft/2020-12/schema", "type", "object")));
    assertThat(bundled).containsEntry("$ref", "ss_Person");
    @SuppressWarnings("unchecked")
    Map<String, Object> defs = (Map<String, Object>) bundled.get("$defs");
    assertThat(defs).containsKeys("local", "ss_Person");
    assertThat(defs.get("ss_Person"))
        .isEqualTo(Map.of("$id", "https://kith.dev/schemas/ss_Person", "type", "object"));
    assertThat(SchemaRefs.bundle(Map.of("type", "string"), Map.of())).doesNotContainKey("$defs");
    assertThat(SchemaRefs.uri(SchemaName.parse("us_Pet").orElseThrow()))
        .isEqualTo(SchemaRefs.BASE + "us_Pet");
  }
}

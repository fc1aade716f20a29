package org.kith.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.api.KithIT;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The official JSON-Schema-Test-Suite (required tests of drafts 2020-12 and 07) run through Kith's own
 * API: each group's schema is stored as a user schema and each test document goes to {@code /validate}.
 * The same schemas also run through networknt directly (remote documents mapped from the suite's
 * {@code remotes/}), so the test proves that Kith's schema layer loses nothing of the validator's
 * conformance: wherever Kith accepts a schema, its verdicts equal the raw validator's, test by test.
 */
@DisplayName("JSON-Schema-Test-Suite through the API")
class JsonSchemaTestSuiteIT extends KithIT {
  @Autowired
  ObjectMapper json;

  static Path suite() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/testdata/json-schema-test-suite");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(
        "shared/testdata/json-schema-test-suite not found beside the repository");
  }

  JsonSchema raw(SpecVersion.VersionFlag draft, JsonNode schema) {
    Path remotes = suite().resolve("remotes");
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(
        draft,
        b -> b.schemaLoaders(l -> l.add(iri -> {
          String uri = iri.toString();
          if (!uri.startsWith("http://localhost:1234/")) {
            return null;
          }
          Path file = remotes.resolve(
              uri.substring("http://localhost:1234/".length()).replaceAll("#.*$", ""));
          return Files.isRegularFile(file)
              ? () -> new ByteArrayInputStream(Files.readAllBytes(file))
              : null;
        })));
    return factory.getSchema(schema, SchemaValidatorsConfig.builder().build());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"draft2020-12", "draft7"})
  @DisplayName("Kith gives the raw validator's verdict on every test of every schema it stores")
  void suite(String draftDir) throws Exception {
    boolean draft7 = draftDir.equals("draft7");
    SpecVersion.VersionFlag draft =
        draft7 ? SpecVersion.VersionFlag.V7 : SpecVersion.VersionFlag.V202012;
    String metaSchema = draft7
        ? "http://json-schema.org/draft-07/schema#"
        : "https://json-schema.org/draft/2020-12/schema";
    User u = newUser("suite");
    int tests = 0;
    int kithCorrect = 0;
    int rawCorrect = 0;
    int notStored = 0;
    int booleanSchemas = 0;
    List<String> disagreements = new ArrayList<>();
    java.util.Set<String> refusedFiles = new java.util.TreeSet<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(suite().resolve("tests").resolve(draftDir))) {
      files = listing.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    int group = 0;
    for (Path file : files) {
      for (JsonNode g : json.readTree(file.toFile())) {
        group++;
        JsonNode schema = g.get("schema");
        if (!schema.isObject()) {
          booleanSchemas += g.get("tests").size();
          continue;
        }
        ObjectNode stored = schema.deepCopy();
        if (!stored.has("$schema")) {
          stored.put("$schema", metaSchema);
        }
        String name = "jst_" + draftDir.replace('-', '_').replace("draft", "d") + "_" + group + "_"
            + Math.abs(System.nanoTime() % 100000);
        int created = post(
                "/v1/db/schemas",
                u.token(),
                Map.of("name", name, "type", "us", "schema", json.convertValue(stored, Map.class)))
            .returnResult(String.class)
            .getStatus()
            .value();

        JsonSchema rawSchema = null;
        try {
          rawSchema = raw(draft, stored);
        } catch (RuntimeException e) {
          // counted below as raw failures
        }
        for (JsonNode t : g.get("tests")) {
          tests++;
          boolean expected = t.get("valid").asBoolean();
          Boolean rawVerdict = null;
          try {
            rawVerdict = rawSchema != null && rawSchema.validate(t.get("data")).isEmpty();
          } catch (RuntimeException e) {
            rawVerdict = null;
          }
          if (rawVerdict != null && rawVerdict == expected) {
            rawCorrect++;
          }
          if (created != 201) {
            notStored++;
            refusedFiles.add(file.getFileName().toString());
            continue;
          }
          Map<?, ?> answer = http.post()
              .uri("/v1/db/schemas/us/" + name + "/validate")
              .headers(h -> h.setBearerAuth(u.token()))
              .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
              .bodyValue(t.get("data").toString())
              .exchange()
              .expectStatus()
              .isOk()
              .expectBody(Map.class)
              .returnResult()
              .getResponseBody();
          boolean kith = Boolean.TRUE.equals(answer.get("valid"));
          if (kith == expected) {
            kithCorrect++;
          }
          if (rawVerdict == null || kith != rawVerdict) {
            disagreements.add(file.getFileName() + " / " + g.get("description").asText() + " / "
                + t.get("description").asText() + ": kith " + kith + ", raw " + rawVerdict);
          }
        }
      }
    }
    System.out.printf(
        "JSON-Schema-Test-Suite %s: %d tests, Kith correct %d, raw networknt correct %d,"
            + " not stored by Kith %d, boolean-schema tests skipped %d%n",
        draftDir, tests, kithCorrect, rawCorrect, notStored, booleanSchemas);
    System.out.println("groups refused in: " + refusedFiles);
    assertThat(disagreements)
        .as("tests where Kith and the raw validator disagree")
        .isEmpty();
    // Kith refuses (400) only schemas that need documents from the network, custom meta-schemas, or
    // ECMAScript-only regex syntax (\p{Letter}) that Java's regex engine cannot compile
    assertThat(refusedFiles)
        .as("files with refused schemas")
        .isSubsetOf(
            "refRemote.json",
            "dynamicRef.json",
            "vocabulary.json",
            "pattern.json",
            "patternProperties.json",
            "ref.json");
    assertThat(notStored).as("tests whose schema Kith refused").isLessThan(tests * 6 / 100);
    assertThat(kithCorrect)
        .as("Kith's conformance")
        .isGreaterThan((tests - notStored - booleanSchemas) * 9 / 10);
  }
}

package org.kith.extraction.clarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.extraction.ocr.TesseractPool;

/**
 * The shipped Clarity models read photos of documents they were not trained on. With
 * {@code -Dkith.models.write=<dir>} the models are trained afresh and written there (see the README beside them).
 */
@DisplayName("shipped Clarity models (kith/clarity/models)")
class ShippedModelsTests {
  static TesseractPool pool;
  static ClarityEngine engine;

  @BeforeAll
  static void start() throws Exception {
    pool = new TesseractPool(Files.createTempDirectory("kith-native"), 2, Duration.ofSeconds(60));
    engine = new ClarityEngine(pool);
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  static List<ShippedModelSets.Spec> specs() {
    return ShippedModelSets.specs();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("indexed")
  @DisplayName("each shipped model is a valid model of the current version, listed in index.json")
  @SuppressWarnings("unchecked")
  void valid(ShippedModelSets.Spec s, String file) throws Exception {
    Map<String, Object> shipped = ShippedModelSets.shipped(s);
    assertThat(shipped).containsEntry("version", ShippedModelSets.VERSION);
    assertThat(shipped).containsEntry("schema_name", s.schemaName());
    ClarityModel m = ClarityModel.of((Map<String, Object>) shipped.get("properties"));
    assertThat(m.anchorA()).isEqualTo(s.anchorA());
    assertThat(m.text().keySet())
        .containsExactlyInAnyOrderElementsOf(s.documents().apply(0).fields().keySet());
    try (var in =
        getClass().getClassLoader().getResourceAsStream(ShippedModelSets.DIR + "index.json")) {
      assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"" + file + "\"");
    }
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> indexed() {
    return specs().stream().map(s -> org.junit.jupiter.params.provider.Arguments.of(s, s.file()));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("indexed")
  @DisplayName(
      "without training, reads 6 photos of other documents (turned, scaled, noisy, JPEG): ≥ 95% exact")
  void readsUnseenDocuments(ShippedModelSets.Spec s, String file) {
    ShippedModelSets.Score score = ShippedModelSets.score(engine, s, 1, 6);
    System.out.printf(
        "%s: %d of %d fields exact; misses %s%n",
        file, score.exact(), score.total(), score.misses());
    assertThat((double) score.exact() / score.total())
        .as("exact fields; misses: %s", score.misses())
        .isGreaterThanOrEqualTo(0.95);
  }

  @Test
  @EnabledIfSystemProperty(named = "kith.models.write", matches = ".+")
  @DisplayName("regenerates the shipped models into -Dkith.models.write")
  void write() throws Exception {
    Path dir = Path.of(System.getProperty("kith.models.write"));
    ShippedModelSets.write(engine, dir);
    assertThat(dir.resolve("index.json")).exists();
  }
}

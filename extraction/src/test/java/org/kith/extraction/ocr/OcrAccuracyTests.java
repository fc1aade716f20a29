package org.kith.extraction.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kith.extraction.clarity.ClarityEngine;

@DisplayName(
    "OCR accuracy on Tesseract's own test images (pooled engines, orientation found automatically)")
class OcrAccuracyTests {
  static TesseractPool english;
  static TesseractPool european;

  @BeforeAll
  static void start() throws Exception {
    english =
        new TesseractPool(Files.createTempDirectory("kith-native"), 2, Duration.ofSeconds(60));
    european = new TesseractPool(
        Files.createTempDirectory("kith-native"),
        1,
        Duration.ofSeconds(60),
        "eng+deu+fra+ita+spa+por");
  }

  @AfterAll
  static void stop() {
    english.close();
    european.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "phototest.tif, phototest.txt, 0, eng",
    "phototest-rotated-R.png, phototest.txt, 270, eng",
    "phototest-rotated-L.png, phototest.txt, 90, eng",
    "phototest-rotated-180.png, phototest.txt, 180, eng",
    "eurotext.tif, eurotext.txt, 0, eng+deu+fra+ita+spa+por"
  })
  @DisplayName(
      "character error rate ≤ 2% against the shipped text (accented text with the European languages)")
  void characterErrorRate(String image, String truth, int rotation, String languages)
      throws Exception {
    ClarityEngine engine = new ClarityEngine(languages.equals("eng") ? english : european);
    Path dir = TesseractNativesTests.testdata();
    ClarityEngine.Upright read =
        engine.upright(javax.imageio.ImageIO.read(dir.resolve(image).toFile()));
    String expected = TesseractNativesTests.normalise(Files.readString(dir.resolve(truth)));
    String actual = TesseractNativesTests.normalise(read.page().text());
    double cer = (double) LevenshteinDistance.getDefaultInstance().apply(expected, actual)
        / expected.length();
    assertThat(cer).as("character error rate of %s", actual).isLessThanOrEqualTo(0.02);
    // either turned upright, or read as given when Tesseract's own layout analysis already handled
    // the turn
    assertThat(read.rotation()).isIn(0, rotation);
    assertThat(read.page().words()).allSatisfy(w -> {
      assertThat(w.x2()).isGreaterThan(w.x1());
      assertThat(w.y2()).isGreaterThan(w.y1());
      assertThat(w.conf()).isBetween(0.0, 100.0);
    });
  }
}

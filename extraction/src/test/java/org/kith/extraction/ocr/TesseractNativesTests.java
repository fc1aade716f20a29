package org.kith.extraction.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import net.sourceforge.tess4j.Tesseract;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Tesseract through tess4j with Debian's libraries")
class TesseractNativesTests {
  static Path testdata() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/testdata/ocr");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("shared/testdata/ocr not found beside the repository");
  }

  static String normalise(String text) {
    return text.replaceAll("\\s+", " ").strip();
  }

  @Test
  @DisplayName(
      "links Leptonica idempotently and reads Tesseract's phototest with a character error rate <= 2%")
  void phototest(@TempDir Path dir) throws Exception {
    Path nativeDir = TesseractNatives.prepare(dir.resolve("native"));
    TesseractNatives.prepare(dir.resolve("native"));
    assertThat(Files.isSymbolicLink(nativeDir.resolve("libleptonica.so"))).isTrue();
    assertThat(System.getProperty("jna.library.path")).contains(nativeDir.toString());

    Tesseract tesseract = new Tesseract();
    tesseract.setDatapath(TesseractNatives.tessdata().toString());
    tesseract.setLanguage("eng");
    BufferedImage image = ImageIO.read(testdata().resolve("phototest.tif").toFile());
    String expected = normalise(Files.readString(testdata().resolve("phototest.txt")));
    String actual = normalise(tesseract.doOCR(image));
    double cer = (double) LevenshteinDistance.getDefaultInstance().apply(expected, actual)
        / expected.length();
    assertThat(cer).as("character error rate of %s", actual).isLessThanOrEqualTo(0.02);
  }
}

package org.kith.extraction.clarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.extraction.image.Images;
import org.kith.extraction.mrz.Mrz;
import org.kith.extraction.mrz.MrzParser;
import org.kith.extraction.ocr.TesseractPool;

@DisplayName(
    "MRZ read from rendered document images (OCR-B), look-alikes corrected by the check digits")
class MrzImageTests {
  static TesseractPool pool;
  static ClarityEngine engine;
  static MrzReader reader;

  @BeforeAll
  static void start() throws Exception {
    pool = new TesseractPool(Files.createTempDirectory("kith-native"), 2, Duration.ofSeconds(60));
    engine = new ClarityEngine(pool);
    reader = new MrzReader(
        pool, new MrzParser(Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC)));
  }

  @AfterAll
  static void stop() {
    pool.close();
  }

  record Case(
      String name, List<String> printed, String documentNumber, String birth, String expiry) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(
            "TD3 as issued",
            List.of(
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO7408122F1204159ZE184226B<<<<<10"),
            "L898902C3",
            "1974-08-12",
            "2012-04-15"),
        new Case(
            "TD3 printed with O for 0, I for 1 and B for 8",
            List.of(
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L898902C36UTO74O8I22F12O4I59ZE184226B<<<<<10"),
            "L898902C3",
            "1974-08-12",
            "2012-04-15"),
        new Case(
            "TD2 printed with B for 8 in the dates",
            List.of("I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "D231458907UTO74OB122F12O4I59<<<<<<<6"),
            "D23145890",
            "1974-08-12",
            "2012-04-15"),
        new Case(
            "TD1 as issued",
            List.of(
                "I<UTOD231458907<<<<<<<<<<<<<<<",
                "7408122F1204159UTO<<<<<<<<<<<6",
                "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"),
            "D23145890",
            "1974-08-12",
            "2012-04-15"));
  }

  /** A document with some printed text and the MRZ at the bottom in OCR-B. */
  static BufferedImage document(List<String> mrz) {
    int width = 1400;
    int height = 300 + 60 * mrz.size();
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(245, 240, 230));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font("DejaVu Sans", Font.BOLD, 34));
    g.drawString("PASSPORT  UTOPIA", 60, 80);
    g.setFont(new Font("DejaVu Sans", Font.PLAIN, 24));
    g.drawString("Surname ERIKSSON   Given names ANNA MARIA", 60, 140);
    g.setColor(Color.BLACK);
    g.setFont(new Font("OCR B", Font.PLAIN, 40));
    int y = 260;
    for (String line : mrz) {
      g.drawString(line, 40, y);
      y += 60;
    }
    g.dispose();
    return img;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @DisplayName("finds the band, reads it and parses valid fields")
  void readsMrz(Case c) {
    BufferedImage image = document(c.printed());
    Optional<Mrz> mrz = reader.read(image, engine.ocrPage(image));
    assertThat(mrz).as("an MRZ is found").isPresent();
    assertThat(mrz.get().valid()).as("check digits of %s", mrz.get().lines()).isTrue();
    assertThat(mrz.get().documentNumber()).isEqualTo(c.documentNumber());
    assertThat(mrz.get().surname()).isEqualTo("ERIKSSON");
    assertThat(mrz.get().givenNames()).isEqualTo("ANNA MARIA");
    assertThat(mrz.get().dateOfBirth()).hasValue(java.time.LocalDate.parse(c.birth()));
    assertThat(mrz.get().dateOfExpiry()).hasValue(java.time.LocalDate.parse(c.expiry()));
    assertThat(Images.png(image)).isNotEmpty();
  }
}

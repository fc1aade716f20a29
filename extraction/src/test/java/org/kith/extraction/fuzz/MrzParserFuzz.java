package org.kith.extraction.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.kith.extraction.mrz.CheckDigits;
import org.kith.extraction.mrz.Mrz;
import org.kith.extraction.mrz.MrzFormat;
import org.kith.extraction.mrz.MrzParser;

/**
 * The ICAO 9303 MRZ parser on OCR-like text, seeded with the specimen MRZs of ICAO 9303 and damaged copies.
 * Property: parsing never throws; an MRZ it returns has the format's line count and length and only MRZ
 * characters; and one it calls valid really has correct check digits (recomputed here for TD3 passports, the
 * format whose layout this test restates independently).
 */
class MrzParserFuzz {
  static final MrzParser PARSER =
      new MrzParser(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @FuzzTest(maxDuration = "30s")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    if (text.length() > 4_096) {
      return; // the OCR text of an MRZ band is a few hundred characters
    }
    Optional<Mrz> parsed = PARSER.parse(text);
    if (parsed.isEmpty()) {
      return;
    }
    Mrz mrz = parsed.get();
    assertThat(mrz.lines()).hasSize(mrz.format().lineCount());
    for (String line : mrz.lines()) {
      assertThat(line).hasSize(mrz.format().lineLength());
      assertThat(line.chars().allMatch(c -> CheckDigits.isMrzCharacter((char) c)))
          .as(line)
          .isTrue();
    }
    if (mrz.valid() && mrz.format() == MrzFormat.TD3) {
      String l = mrz.lines().get(1);
      assertThat(CheckDigits.isValid(l.substring(0, 9), l.charAt(9)))
          .as("document number of %s", l)
          .isTrue();
      assertThat(CheckDigits.isValid(l.substring(13, 19), l.charAt(19)))
          .as("birth date of %s", l)
          .isTrue();
      assertThat(CheckDigits.isValid(l.substring(21, 27), l.charAt(27)))
          .as("expiry of %s", l)
          .isTrue();
      assertThat(CheckDigits.isValid(
              l.substring(0, 10) + l.substring(13, 20) + l.substring(21, 43), l.charAt(43)))
          .as("composite of %s", l)
          .isTrue();
    }
  }
}

package org.kith.extraction.mrz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The ICAO 9303 specimen MRZs and the parser (today fixed at 2024-06-01) that the MRZ parser tests share. */
final class MrzSpecimens {
  private MrzSpecimens() {}

  static final String TD3_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
  static final String TD3_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
  static final String TD2_1 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<";
  static final String TD2_2 = "D231458907UTO7408122F1204159<<<<<<<6";
  static final String TD1_1 = "I<UTOD231458907<<<<<<<<<<<<<<<";
  static final String TD1_2 = "7408122F1204159UTO<<<<<<<<<<<6";
  static final String TD1_3 = "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";

  static final MrzParser PARSER =
      new MrzParser(Clock.fixed(Instant.parse("2024-06-01T12:00:00Z"), ZoneOffset.UTC));

  static Mrz parse(String... lines) {
    return PARSER
        .parse(List.of(lines))
        .orElseThrow(() -> new AssertionError("not recognised: " + List.of(lines)));
  }

  static void assertSpecimenPerson(Mrz mrz) {
    assertThat(mrz.surname()).isEqualTo("ERIKSSON");
    assertThat(mrz.givenNames()).isEqualTo("ANNA MARIA");
    assertThat(mrz.dateOfBirth()).contains(LocalDate.of(1974, 8, 12));
    assertThat(mrz.sex()).isEqualTo("F");
    assertThat(mrz.dateOfExpiry()).contains(LocalDate.of(2012, 4, 15));
    assertThat(mrz.nationality()).isEqualTo("UTO");
    assertThat(mrz.issuingState()).isEqualTo("UTO");
  }

  static void assertAllValid(Mrz mrz) {
    assertThat(mrz.valid()).as("valid, checks %s", mrz.checks()).isTrue();
    assertThat(mrz.checks().values()).isNotEmpty().allMatch(Boolean::booleanValue);
  }

  /** A TD3 line 2 for the specimen's document and personal number with the given dates and sex. */
  static String td3Line2(String birth, char sex, String expiry) {
    String personal = "ZE184226B<<<<<";
    String line = "L898902C36UTO" + birth + CheckDigits.checkDigit(birth) + sex + expiry
        + CheckDigits.checkDigit(expiry) + personal + CheckDigits.checkDigit(personal);
    return line
        + CheckDigits.checkDigit(
            line.substring(0, 10) + line.substring(13, 20) + line.substring(21, 43));
  }
}

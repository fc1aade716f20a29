package org.kith.extraction.mrz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.kith.extraction.mrz.MrzSpecimens.*;

import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Reading well-formed MRZs: the ICAO specimens of every format, and dates. */
@DisplayName("ICAO 9303 MRZ parser")
class MrzParserTests {
  @Nested
  @DisplayName("ICAO specimens")
  class Specimens {
    @Test
    @DisplayName("TD3 passport: fields, five valid check digits and nothing corrected")
    void td3() {
      Mrz mrz = parse(TD3_1, TD3_2);

      assertThat(mrz.format()).isEqualTo(MrzFormat.TD3);
      assertSpecimenPerson(mrz);
      assertThat(mrz.documentCode()).isEqualTo("P");
      assertThat(mrz.documentNumber()).isEqualTo("L898902C3");
      assertThat(mrz.optionalData()).isEqualTo("ZE184226B");
      assertThat(mrz.checks())
          .containsOnlyKeys(
              MrzCheck.DOCUMENT_NUMBER,
              MrzCheck.DATE_OF_BIRTH,
              MrzCheck.DATE_OF_EXPIRY,
              MrzCheck.OPTIONAL_DATA,
              MrzCheck.COMPOSITE);
      assertAllValid(mrz);
      assertThat(mrz.corrections()).isEmpty();
      assertThat(mrz.lines()).containsExactly(TD3_1, TD3_2);
    }

    @Test
    @DisplayName(
        "TD3 fields map: stable snake_case names in a stable order, ISO dates, corrected lines")
    void td3Map() {
      assertThat(parse(TD3_1, TD3_2).fields())
          .containsExactly(
              entry("format", "TD3"),
              entry("document_code", "P"),
              entry("issuing_state", "UTO"),
              entry("document_number", "L898902C3"),
              entry("nationality", "UTO"),
              entry("date_of_birth", "1974-08-12"),
              entry("sex", "F"),
              entry("date_of_expiry", "2012-04-15"),
              entry("optional_data", "ZE184226B"),
              entry("surname", "ERIKSSON"),
              entry("given_names", "ANNA MARIA"),
              entry("lines", TD3_1 + "\n" + TD3_2));
    }

    @Test
    @DisplayName("TD2 card: fields and four valid check digits")
    void td2() {
      Mrz mrz = parse(TD2_1, TD2_2);

      assertThat(mrz.format()).isEqualTo(MrzFormat.TD2);
      assertSpecimenPerson(mrz);
      assertThat(mrz.documentCode()).isEqualTo("I");
      assertThat(mrz.documentNumber()).isEqualTo("D23145890");
      assertThat(mrz.optionalData()).isEmpty();
      assertThat(mrz.checks())
          .containsOnlyKeys(
              MrzCheck.DOCUMENT_NUMBER,
              MrzCheck.DATE_OF_BIRTH,
              MrzCheck.DATE_OF_EXPIRY,
              MrzCheck.COMPOSITE);
      assertAllValid(mrz);
      assertThat(mrz.corrections()).isEmpty();
    }

    @Test
    @DisplayName("TD1 card: fields, four valid check digits and both optional data fields")
    void td1() {
      Mrz mrz = parse(TD1_1, TD1_2, TD1_3);

      assertThat(mrz.format()).isEqualTo(MrzFormat.TD1);
      assertSpecimenPerson(mrz);
      assertThat(mrz.documentNumber()).isEqualTo("D23145890");
      assertThat(mrz.fields())
          .containsEntry("optional_data", "")
          .containsEntry("optional_data_2", "")
          .containsEntry("format", "TD1")
          .containsEntry("lines", TD1_1 + "\n" + TD1_2 + "\n" + TD1_3);
      assertThat(mrz.checks())
          .containsOnlyKeys(
              MrzCheck.DOCUMENT_NUMBER,
              MrzCheck.DATE_OF_BIRTH,
              MrzCheck.DATE_OF_EXPIRY,
              MrzCheck.COMPOSITE);
      assertAllValid(mrz);
      assertThat(mrz.corrections()).isEmpty();
    }

    @Test
    @DisplayName(
        "TD1 document number longer than 9 characters continues in the optional data (ICAO overflow rule)")
    void td1Overflow() {
      Mrz mrz = parse("I<UTOD23145890<7349<<<<<<<<<<<", TD1_2, TD1_3);

      assertThat(mrz.documentNumber()).isEqualTo("D23145890734");
      assertThat(mrz.optionalData()).isEmpty();
      assertAllValid(mrz);
    }

    @Test
    @DisplayName(
        "MRV-A visa (V in 2×44): no personal number or composite check digit, all of the data is optional")
    void visa() {
      Mrz mrz = parse(
          "V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
          "L8988901C4XXX4009078F96121096ZE184226B<<<<<<");

      assertThat(mrz.documentCode()).isEqualTo("V");
      assertThat(mrz.documentNumber()).isEqualTo("L8988901C");
      assertThat(mrz.nationality()).isEqualTo("XXX");
      assertThat(mrz.dateOfBirth()).contains(LocalDate.of(1940, 9, 7));
      assertThat(mrz.optionalData()).isEqualTo("6ZE184226B");
      assertThat(mrz.checks())
          .containsOnlyKeys(
              MrzCheck.DOCUMENT_NUMBER, MrzCheck.DATE_OF_BIRTH, MrzCheck.DATE_OF_EXPIRY);
      assertAllValid(mrz);
    }

    @Test
    @DisplayName("the lines may come as one text with line breaks, below other OCR text")
    void text() {
      Mrz mrz = PARSER
          .parse("PASSPORT  PASSEPORT\nUtopia\n\n" + TD3_1 + "\r\n" + TD3_2 + "\n")
          .orElseThrow();

      assertThat(mrz.lines()).containsExactly(TD3_1, TD3_2);
      assertAllValid(mrz);
    }
  }

  @Nested
  @DisplayName("dates")
  class Dates {
    @Test
    @DisplayName(
        "a two-digit birth year is in the 2000s unless that is after today, then in the 1900s")
    void birthCentury() {
      Mrz born2015 = parse(TD3_1, td3Line2("150101", '<', "240415"));
      Mrz born1924 = parse(TD3_1, td3Line2("240602", 'M', "240415"));
      Mrz bornToday = parse(TD3_1, td3Line2("240601", 'F', "240415"));

      assertThat(born2015.dateOfBirth()).contains(LocalDate.of(2015, 1, 1));
      assertThat(born1924.dateOfBirth()).contains(LocalDate.of(1924, 6, 2));
      assertThat(bornToday.dateOfBirth()).contains(LocalDate.of(2024, 6, 1));
      assertAllValid(born2015);
      assertAllValid(born1924);
    }

    @Test
    @DisplayName(
        "expiry years are always in the 2000s; a date that is not in the calendar is left empty")
    void expiryAndImpossibleDates() {
      Mrz mrz = parse(TD3_1, td3Line2("741340", 'F', "991231"));

      assertThat(mrz.dateOfExpiry()).contains(LocalDate.of(2099, 12, 31));
      assertThat(mrz.dateOfBirth()).isEmpty();
      assertThat(mrz.fields()).containsEntry("date_of_birth", "");
      assertThat(mrz.valid(MrzCheck.DATE_OF_BIRTH)).isTrue();
    }

    @Test
    @DisplayName("an unspecified sex (<) reads as X")
    void unspecifiedSex() {
      assertThat(parse(TD3_1, td3Line2("740812", '<', "120415")).sex()).isEqualTo("X");
    }
  }
}

package org.kith.extraction.mrz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.kith.extraction.mrz.MrzSpecimens.*;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.extraction.mrz.Correction.Reason;

/** Reading damaged MRZs: look-alike characters, OCR noise, and input that is not an MRZ at all. */
@DisplayName("ICAO 9303 MRZ parser: damaged input")
class MrzDamagedInputTests {
  @Nested
  @DisplayName("look-alike characters")
  class LookAlikes {
    @Test
    @DisplayName(
        "numeric fields: O, I, S, B, Z, G in dates and check digits become 0, 1, 5, 8, 2, 6")
    void numeric() {
      Mrz mrz = parse(TD3_1, "L898902C36UTO74O8I22F12O4IS9ZE184226B<<<<<IO");

      assertSpecimenPerson(mrz);
      assertAllValid(mrz);
      assertThat(mrz.lines()).containsExactly(TD3_1, TD3_2);
      assertThat(mrz.corrections())
          .contains(
              new Correction(1, 15, "O", "0", "date_of_birth", Reason.NUMERIC_FIELD),
              new Correction(1, 17, "I", "1", "date_of_birth", Reason.NUMERIC_FIELD),
              new Correction(1, 26, "S", "5", "date_of_expiry", Reason.NUMERIC_FIELD),
              new Correction(1, 42, "I", "1", "optional_data_check", Reason.NUMERIC_FIELD),
              new Correction(1, 43, "O", "0", "composite_check", Reason.NUMERIC_FIELD));

      Mrz td1 = parse(TD1_1, "74O8I22F12O4IS9UTO<<<<<<<<<<<G", TD1_3);
      assertThat(td1.dateOfBirth()).contains(LocalDate.of(1974, 8, 12));
      assertAllValid(td1);
      assertThat(td1.corrections())
          .contains(new Correction(1, 29, "G", "6", "composite_check", Reason.NUMERIC_FIELD));
    }

    @Test
    @DisplayName(
        "alphabetic fields: 0, 1, 5, 8, 2 in codes, countries and names become O, I, S, B, Z")
    void alphabetic() {
      Mrz mrz = parse(
          "P<UT0ER1KS5ON<<ANNA<MAR1A<<<<<<<<<<<<<<<<<<<",
          "L898902C36UT07408122F1204159ZE184226B<<<<<10");

      assertSpecimenPerson(mrz);
      assertAllValid(mrz);
      assertThat(mrz.corrections())
          .containsExactly(
              new Correction(0, 4, "0", "O", "issuing_state", Reason.ALPHABETIC_FIELD),
              new Correction(1, 12, "0", "O", "nationality", Reason.ALPHABETIC_FIELD),
              new Correction(0, 7, "1", "I", "name", Reason.ALPHABETIC_FIELD),
              new Correction(0, 10, "5", "S", "name", Reason.ALPHABETIC_FIELD),
              new Correction(0, 23, "1", "I", "name", Reason.ALPHABETIC_FIELD));

      Mrz td1 = parse(
          "1<UT0D231458907<<<<<<<<<<<<<<<",
          "7408122F1204159UT0<<<<<<<<<<<6",
          "ER1KSS0N<<ANNA<MAR1A<<<<<<<<<<");
      assertThat(td1.documentCode()).isEqualTo("I");
      assertSpecimenPerson(td1);
      assertAllValid(td1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
        strings = {
          "L8989O2C36UTO7408122F1204159ZE184226B<<<<<10",
          "L89B902C36UTO7408122F1204159ZE184226B<<<<<10",
          "L898902C36UTO7408122F1204159ZEI84226B<<<<<10",
          "L898902C36UTO7408122F12041592E184226B<<<<<10",
          "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
        })
    @DisplayName(
        "alphanumeric TD3 fields: an O/0, B/8, I/1 or Z/2 confusion is undone when only that satisfies "
            + "the check digit")
    void alphanumericTd3(String line) {
      Mrz mrz = parse(TD3_1, line);

      assertThat(mrz.documentNumber()).isEqualTo("L898902C3");
      assertThat(mrz.optionalData()).isEqualTo("ZE184226B");
      assertThat(mrz.lines()).containsExactly(TD3_1, TD3_2);
      assertAllValid(mrz);
      assertThat(mrz.corrections())
          .hasSizeLessThanOrEqualTo(1)
          .allMatch(c -> c.reason() == Reason.CHECK_DIGIT);
    }

    @Test
    @DisplayName(
        "alphanumeric TD2/TD1 document numbers: S/5 and I/1 confusions are undone and reported")
    void alphanumericCards() {
      Mrz td2 = parse(TD2_1, "D2314S8907UTO7408122F1204159<<<<<<<6");
      Mrz td1 = parse("I<UTOD23I458907<<<<<<<<<<<<<<<", TD1_2, TD1_3);

      assertThat(td2.documentNumber()).isEqualTo("D23145890");
      assertAllValid(td2);
      assertThat(td2.corrections())
          .containsExactly(new Correction(1, 5, "S", "5", "document_number", Reason.CHECK_DIGIT));
      assertThat(td1.documentNumber()).isEqualTo("D23145890");
      assertAllValid(td1);
      assertThat(td1.corrections())
          .containsExactly(new Correction(0, 8, "I", "1", "document_number", Reason.CHECK_DIGIT));
    }

    @Test
    @DisplayName(
        "a wrong digit that no look-alike explains is reported as an invalid check digit, not guessed")
    void wrongDigit() {
      Mrz birth = parse(TD3_1, "L898902C36UTO7408132F1204159ZE184226B<<<<<10");
      Mrz number = parse(TD3_1, "L898902C46UTO7408122F1204159ZE184226B<<<<<10");

      assertThat(birth.valid()).isFalse();
      assertThat(birth.checks())
          .containsEntry(MrzCheck.DATE_OF_BIRTH, false)
          .containsEntry(MrzCheck.COMPOSITE, false)
          .containsEntry(MrzCheck.DOCUMENT_NUMBER, true)
          .containsEntry(MrzCheck.DATE_OF_EXPIRY, true)
          .containsEntry(MrzCheck.OPTIONAL_DATA, true);
      assertThat(birth.dateOfBirth()).contains(LocalDate.of(1974, 8, 13));
      assertThat(birth.corrections()).isEmpty();
      assertThat(number.valid(MrzCheck.DOCUMENT_NUMBER)).isFalse();
      assertThat(number.documentNumber()).isEqualTo("L898902C4");
      assertThat(number.corrections()).isEmpty();
    }

    @Test
    @DisplayName("a K in the name's trailing filler is read as <, a K that may be a name is kept")
    void kInFiller() {
      Mrz filler = parse("P<UTOERIKSSON<<ANNA<MARIA<<<<K<<KK<<<<<<<<<<", TD3_2);
      Mrz initial = parse("P<UTOERIKSSON<<ANNA<K<<<<<<<<<<<<<<<<<<<<<<<", TD3_2);

      assertThat(filler.givenNames()).isEqualTo("ANNA MARIA");
      assertThat(filler.lines()).containsExactly(TD3_1, TD3_2);
      assertThat(filler.corrections())
          .extracting(Correction::reason)
          .containsOnly(Reason.FILLER)
          .hasSize(3);
      assertThat(initial.givenNames()).isEqualTo("ANNA K");
    }

    @Test
    @DisplayName(
        "fillers read as runs of K and E end the name (no ANAKMARIA K KKKEKEEEE); names ending in K or E stay")
    void kAndEInFiller() {
      Mrz run = parse("P<UTOERIKSSON<<ANNA<MARIA<KKKEKEEEEKKEEKKEEK", TD3_2);
      assertThat(run.givenNames()).isEqualTo("ANNA MARIA");
      assertThat(run.lines()).containsExactly(TD3_1, TD3_2);
      Mrz glued = parse("P<UTOERIKSSON<<ANNA<MARIAKKKEKEEEEKKEEKKEEKK", TD3_2);
      assertThat(glued.givenNames()).isEqualTo("ANNA MARIA");
      Mrz mixed = parse("P<UTOERIKSSON<<ANNA<MARIA<<<E<<EK<<<<<<<<<<<", TD3_2);
      assertThat(mixed.givenNames()).isEqualTo("ANNA MARIA");
      Mrz names = parse("P<UTOCLARKE<<JAKE<EKE<<<<<<<<<<<<<<<<<<<<<<<", TD3_2);
      assertThat(names.surname()).isEqualTo("CLARKE");
      assertThat(names.givenNames()).isEqualTo("JAKE EKE");
      assertThat(names.corrections()).extracting(Correction::reason).doesNotContain(Reason.FILLER);
    }
  }

  @Nested
  @DisplayName("OCR noise")
  class Noise {
    @Test
    @DisplayName(
        "lines one character short are padded in the filler run that satisfies the check digits")
    void oneShort() {
      Mrz td3 = parse(TD3_1.substring(0, 43), "L898902C36UTO7408122F1204159ZE184226B<<<<10");
      Mrz td1 = parse(TD1_1, "7408122F1204159UTO<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<");

      assertThat(td3.lines()).containsExactly(TD3_1, TD3_2);
      assertAllValid(td3);
      assertThat(td3.corrections())
          .contains(new Correction(1, 41, "", "<", "", Reason.LINE_LENGTH));
      assertThat(td1.lines()).containsExactly(TD1_1, TD1_2, TD1_3);
      assertAllValid(td1);
      assertSpecimenPerson(td1);
    }

    @Test
    @DisplayName(
        "lines one character long lose a filler or a character that cannot occur in an MRZ")
    void oneLong() {
      Mrz filler = parse(TD3_1 + "<", "L898902C36UTO7408122F1204159ZE184226B<<<<<<10");
      Mrz junk = parse(TD3_1, "L898902C36UTO7408122F12041.59ZE184226B<<<<<10");

      assertThat(filler.lines()).containsExactly(TD3_1, TD3_2);
      assertAllValid(filler);
      assertThat(filler.corrections())
          .containsExactly(
              new Correction(0, 44, "<", "", "", Reason.LINE_LENGTH),
              new Correction(1, 42, "<", "", "", Reason.LINE_LENGTH));
      assertThat(junk.lines()).containsExactly(TD3_1, TD3_2);
      assertAllValid(junk);
      assertThat(junk.corrections())
          .containsExactly(new Correction(1, 26, ".", "", "", Reason.LINE_LENGTH));
    }

    @Test
    @DisplayName("lower case, spaces and chevron look-alikes («, ‹, (, [, {) are normalised")
    void lowerCaseAndSpaces() {
      Mrz mrz = parse(
          "p<uto eriksson<<anna<maria««<<<<<‹‹((([[[{{{<",
          "l898902c36 uto 7408122 f 1204159 ze184226b<<<<<10");

      assertThat(mrz.lines()).containsExactly(TD3_1, TD3_2);
      assertSpecimenPerson(mrz);
      assertAllValid(mrz);
      assertThat(mrz.corrections()).isEmpty();
    }

    @Test
    @DisplayName(
        "a character that cannot occur in an MRZ, in a line of the right length, is read as < and reported")
    void junkAsFiller() {
      Mrz mrz = parse("I<UTOERIKSSON<<ANNA<MARIA<<<<<*<<<<<", TD2_2);

      assertThat(mrz.lines()).containsExactly(TD2_1, TD2_2);
      assertThat(mrz.corrections())
          .containsExactly(new Correction(0, 30, "*", "<", "name", Reason.JUNK));
    }
  }

  @Nested
  @DisplayName("input that is not an MRZ")
  class Garbage {
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
        strings = {
          "",
          "   \n \n",
          "hello world",
          "PASSPORT\nUTOPIA\nERIKSSON ANNA MARIA",
          "<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<\n<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
          "00000000000000000000000000000000000000000000\n00000000000000000000000000000000000000000000",
          "The quick brown fox jumps over the lazy dog.\nThe quick brown fox jumps over the lazy dog.",
          "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
          "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F12"
        })
    @DisplayName("is unrecognised")
    void unrecognised(String text) {
      assertThat(PARSER.parse(text)).isEmpty();
      assertThat(PARSER.parse(List.of(text.split("\n", -1)))).isEmpty();
    }

    @Test
    @DisplayName("random text of MRZ-like shapes never makes the parser throw")
    void neverThrows() {
      Random random = new Random(9303);
      String alphabet =
          "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<<<<«‹([{ .,-|'\"abcxyzé\t\u00a0\n";
      int[] lengths = {30, 36, 44, 60, 72, 88, 90, 5};
      for (int i = 0; i < 3000; i++) {
        List<String> lines = new ArrayList<>();
        for (int l = random.nextInt(5); l > 0; l--) {
          int length = Math.max(0, lengths[random.nextInt(lengths.length)] + random.nextInt(9) - 4);
          StringBuilder line = new StringBuilder();
          for (int c = 0; c < length; c++) {
            line.append(alphabet.charAt(random.nextInt(alphabet.length())));
          }
          lines.add(line.toString());
        }
        assertThatCode(() -> PARSER.parse(lines)).as("input %s", lines).doesNotThrowAnyException();
      }
    }

    @Test
    @DisplayName("random single-character damage to a specimen never makes the parser throw")
    void damagedSpecimensNeverThrow() {
      Random random = new Random(44);
      String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<.";
      for (int i = 0; i < 2000; i++) {
        List<String> lines = new ArrayList<>(List.of(TD1_1, TD1_2, TD1_3));
        int l = random.nextInt(3);
        StringBuilder line = new StringBuilder(lines.get(l));
        int at = random.nextInt(line.length());
        switch (random.nextInt(3)) {
          case 0 -> line.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
          case 1 -> line.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
          default -> line.deleteCharAt(at);
        }
        lines.set(l, line.toString());
        assertThatCode(() -> PARSER.parse(lines)).as("input %s", lines).doesNotThrowAnyException();
      }
    }
  }
}

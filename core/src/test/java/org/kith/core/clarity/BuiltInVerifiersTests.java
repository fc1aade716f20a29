package org.kith.core.clarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.core.clarity.DocumentVerifier.Check;

@DisplayName("built-in document verifiers")
class BuiltInVerifiersTests {
  private static final Clock TODAY =
      Clock.fixed(Instant.parse("2026-06-15T12:00:00Z"), ZoneOffset.UTC);
  private final BuiltInVerifiers verifiers = new BuiltInVerifiers(TODAY);

  private static DocumentReader.Mrz mrz(Map<String, String> fields, Map<String, Boolean> checks) {
    return new DocumentReader.Mrz(
        "TD3",
        List.of("P<NZLSMITH<<ANA", "1234567"),
        fields,
        checks,
        checks.values().stream().allMatch(b -> b),
        0);
  }

  private static Check check(List<Check> checks, String name) {
    return checks.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1974-08-12",
        "12-08-1974",
        "12/08/1974",
        "12.08.1974",
        "12 AUG 1974",
        "12 aug 1974",
        " 12 Aug 1974 "
      })
  @DisplayName("printed dates are read in the ISO and the common day-month-year forms, any case")
  void dateForms(String printed) {
    assertThat(BuiltInVerifiers.date(printed)).contains(LocalDate.of(1974, 8, 12));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "31-02-1990",
        "31/04/1990",
        "30.02.2001",
        "31 Feb 1990",
        "29-02-2001",
        "2000-02-31",
        "12-13-1974",
        "next tuesday",
        ""
      })
  @DisplayName("a date that does not exist is not read as some other date")
  void impossibleDates(String printed) {
    assertThat(BuiltInVerifiers.date(printed)).isEmpty();
  }

  @Test
  @DisplayName("a leap day is read in every form")
  void leapDay() {
    assertThat(BuiltInVerifiers.date("29-02-2000")).contains(LocalDate.of(2000, 2, 29));
    assertThat(BuiltInVerifiers.date("29 Feb 2024")).contains(LocalDate.of(2024, 2, 29));
  }

  @Test
  @DisplayName("the MRZ agrees with the printed fields after normalising case, spaces and filler")
  void mrzMatches() {
    Map<String, Object> printed = Map.of(
        "surname",
        "Smith-Jones",
        "given_names",
        "Ana Maria",
        "passport_number",
        "la 123456",
        "date_of_birth",
        "12/08/1974",
        "expiry_date",
        "01 JAN 2030");
    DocumentReader.Mrz read = mrz(
        Map.of(
            "surname",
            "SMITH<JONES",
            "given_names",
            "ANA<MARIA",
            "document_number",
            "LA123456",
            "date_of_birth",
            "1974-08-12",
            "date_of_expiry",
            "2030-01-01"),
        Map.of("document_number", true, "date_of_birth", true));
    List<Check> checks = verifiers.verify("ss_Passport", printed, read);
    assertThat(check(checks, "mrz_check_digits").passed()).isTrue();
    assertThat(check(checks, "mrz_matches_printed"))
        .isEqualTo(new Check("mrz_matches_printed", true, null));
  }

  @Test
  @DisplayName("each field that differs from the MRZ is named; failed check digits are named too")
  void mrzDiffers() {
    Map<String, Object> printed = Map.of(
        "family_name",
        "Smith",
        "given_names",
        "Ana",
        "document_number",
        "X1",
        "date_of_birth",
        "1974-08-13");
    DocumentReader.Mrz read = mrz(
        Map.of(
            "surname",
            "SMYTH",
            "given_names",
            "ANA",
            "document_number",
            "X1",
            "date_of_birth",
            "1974-08-12"),
        new LinkedHashMap<>(Map.of("composite", false)));
    List<Check> checks = verifiers.verify("ss_Passport", printed, read);
    assertThat(check(checks, "mrz_check_digits"))
        .isEqualTo(new Check("mrz_check_digits", false, "failed: composite"));
    assertThat(check(checks, "mrz_matches_printed").detail())
        .isEqualTo("differs: family_name, date_of_birth");
  }

  @Test
  @DisplayName(
      "nothing printed to compare: the MRZ comparison is not made (absent), never passed; dates come from the MRZ")
  void mrzWithNothingPrinted() {
    DocumentReader.Mrz read = mrz(
        Map.of(
            "surname",
            "SMITH",
            "given_names",
            "ANAKMARIA<K<KKKEKEEEE",
            "date_of_birth",
            "1974-08-12",
            "date_of_expiry",
            "2030-01-01"),
        Map.of("composite", false));
    List<Check> checks = verifiers.verify("ss_NZ_Passport", Map.of(), read);
    assertThat(checks).extracting(Check::name).doesNotContain("mrz_matches_printed");
    assertThat(check(checks, "mrz_check_digits").passed()).isFalse();
    assertThat(checks).extracting(Check::name).contains("dates_plausible", "not_expired");
  }

  @Test
  @DisplayName("a match on fewer fields than the MRZ carries says which were compared")
  void mrzPartlyCompared() {
    DocumentReader.Mrz read = mrz(
        Map.of("surname", "SMITH", "given_names", "ANA", "date_of_birth", "1974-08-12"), Map.of());
    List<Check> checks = verifiers.verify(
        "ss_NZ_Passport", Map.of("family_name", "Smith", "date_of_birth", "12 AUG 1974"), read);
    assertThat(check(checks, "mrz_matches_printed"))
        .isEqualTo(new Check("mrz_matches_printed", true, "compared: family_name, date_of_birth"));
    // a printed date that cannot be read is not compared, and does not count as agreeing
    assertThat(verifiers.verify("ss_NZ_Passport", Map.of("date_of_birth", "12 Augst 1974"), read))
        .extracting(Check::name)
        .doesNotContain("mrz_matches_printed");
  }

  @Test
  @DisplayName("an impossible printed date is never judged a plausible date")
  void impossibleDateIsNotPlausible() {
    assertThat(verifiers.verify("ss_Passport", Map.of("date_of_birth", "31-02-1990"), null))
        .noneMatch(c -> c.name().equals("dates_plausible") && c.passed());
    assertThat(verifiers.verify("ss_Passport", Map.of("expiry_date", "31/04/2030"), null))
        .noneMatch(c -> c.name().equals("not_expired") && c.passed());
  }

  @Test
  @DisplayName("birth in the future, more than 130 years ago, or after expiry is implausible")
  void plausibility() {
    assertThat(check(
                verifiers.verify("s", Map.of("date_of_birth", "2026-06-16"), null),
                "dates_plausible")
            .detail())
        .isEqualTo("birth date in the future");
    assertThat(check(
                verifiers.verify("s", Map.of("date_of_birth", "1896-06-14"), null),
                "dates_plausible")
            .detail())
        .isEqualTo("birth date more than 130 years ago");
    assertThat(check(
                verifiers.verify("s", Map.of("date_of_birth", "1896-06-15"), null),
                "dates_plausible")
            .passed())
        .isTrue();
    assertThat(check(
                verifiers.verify(
                    "s",
                    Map.of("date_of_birth", "2000-01-01", "date_of_expiry", "2000-01-01"),
                    null),
                "dates_plausible")
            .detail())
        .isEqualTo("expiry before birth");
  }

  @Test
  @DisplayName("a document expired before today fails not_expired; one expiring today still passes")
  void expiry() {
    assertThat(
            check(verifiers.verify("s", Map.of("expiry_date", "2026-06-14"), null), "not_expired"))
        .isEqualTo(new Check("not_expired", false, "expired 2026-06-14"));
    assertThat(check(
                verifiers.verify("s", Map.of("date_of_expiry", "2026-06-15"), null), "not_expired")
            .passed())
        .isTrue();
  }

  @Test
  @DisplayName("a document without an MRZ or dates gets no checks")
  void nothingToCheck() {
    assertThat(verifiers.verify("s", Map.of("name", "Ana", "date_of_birth", " "), null))
        .isEmpty();
  }
}

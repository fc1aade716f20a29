package org.kith.core.clarity;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Kith's own verifiers: the MRZ's check digits; the MRZ against the printed fields (names, birth date, document
 * number, expiry: normalised, compared exactly); and date plausibility (birth in the past and at most 130 years
 * ago, expiry after birth). Thread-safe.
 */
public final class BuiltInVerifiers implements DocumentVerifier {
  /** Strict: a day the month does not have (31-02-1990) is no date, not the month's last day. */
  private static final List<DateTimeFormatter> DATES = List.of(
      DateTimeFormatter.ISO_LOCAL_DATE,
      strict("dd-MM-uuuu"),
      strict("dd/MM/uuuu"),
      strict("dd.MM.uuuu"),
      strict("dd MMM uuuu"),
      strict("d MMM uuuu"));

  private final Clock clock;

  private static DateTimeFormatter strict(String pattern) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH)
        .withResolverStyle(ResolverStyle.STRICT);
  }

  public BuiltInVerifiers(Clock clock) {
    this.clock = clock;
  }

  @Override
  public List<Check> verify(
      String schemaName, Map<String, Object> data, DocumentReader.@Nullable Mrz mrz) {
    List<Check> checks = new ArrayList<>();
    if (mrz != null) {
      checks.add(new Check(
          "mrz_check_digits",
          mrz.valid(),
          mrz.valid()
              ? null
              : "failed: "
                  + String.join(
                      ", ",
                      mrz.checks().entrySet().stream()
                          .filter(e -> !e.getValue())
                          .map(Map.Entry::getKey)
                          .toList())));
      List<String> mismatches = new ArrayList<>();
      compare(
          mismatches,
          "family_name",
          text(data, "family_name", "surname"),
          mrz.fields().get("surname"));
      compare(
          mismatches,
          "given_names",
          text(data, "given_names", "given_name"),
          mrz.fields().get("given_names"));
      compare(
          mismatches,
          "document_number",
          text(data, "document_number", "passport_number", "licence_number"),
          mrz.fields().get("document_number"));
      compareDates(
          mismatches,
          "date_of_birth",
          text(data, "date_of_birth"),
          mrz.fields().get("date_of_birth"));
      compareDates(
          mismatches,
          "date_of_expiry",
          text(data, "date_of_expiry", "expiry_date"),
          mrz.fields().get("date_of_expiry"));
      checks.add(new Check(
          "mrz_matches_printed",
          mismatches.isEmpty(),
          mismatches.isEmpty() ? null : "differs: " + String.join(", ", mismatches)));
    }
    LocalDate today = LocalDate.now(clock);
    Optional<LocalDate> birth = date(text(data, "date_of_birth"));
    Optional<LocalDate> expiry = date(text(data, "date_of_expiry", "expiry_date"));
    if (birth.isPresent() || expiry.isPresent()) {
      List<String> problems = new ArrayList<>();
      birth.ifPresent(b -> {
        if (b.isAfter(today)) {
          problems.add("birth date in the future");
        } else if (b.isBefore(today.minusYears(130))) {
          problems.add("birth date more than 130 years ago");
        }
      });
      if (birth.isPresent() && expiry.isPresent() && !expiry.get().isAfter(birth.get())) {
        problems.add("expiry before birth");
      }
      checks.add(new Check(
          "dates_plausible",
          problems.isEmpty(),
          problems.isEmpty() ? null : String.join(", ", problems)));
    }
    expiry.ifPresent(e -> checks.add(
        new Check("not_expired", !e.isBefore(today), e.isBefore(today) ? "expired " + e : null)));
    return checks;
  }

  /** A date in one of the printed forms Kith reads (ISO, dd-MM-yyyy, dd/MM/yyyy, dd.MM.yyyy, dd MMM yyyy). */
  public static Optional<LocalDate> date(@Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    for (DateTimeFormatter f : DATES) {
      try {
        return Optional.of(LocalDate.parse(t.length() > 4 ? capitalised(t) : t, f));
      } catch (DateTimeParseException e) {
        // next form
      }
    }
    return Optional.empty();
  }

  private static String capitalised(String t) {
    // "12 AUG 1974" → "12 Aug 1974" for the English month parser
    StringBuilder b = new StringBuilder(t.toLowerCase(Locale.ROOT));
    for (int i = 0; i < b.length(); i++) {
      if (Character.isLetter(b.charAt(i)) && (i == 0 || !Character.isLetter(b.charAt(i - 1)))) {
        b.setCharAt(i, Character.toUpperCase(b.charAt(i)));
      }
    }
    return b.toString();
  }

  private static void compare(
      List<String> mismatches, String name, @Nullable String printed, @Nullable String mrz) {
    if (printed != null && mrz != null && !normal(printed).equals(normal(mrz))) {
      mismatches.add(name);
    }
  }

  private static void compareDates(
      List<String> mismatches, String name, @Nullable String printed, @Nullable String mrz) {
    Optional<LocalDate> a = date(printed);
    Optional<LocalDate> b = date(mrz);
    if (a.isPresent() && b.isPresent() && !a.equals(b)) {
      mismatches.add(name);
    }
  }

  private static String normal(String s) {
    return s.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
  }

  private static @Nullable String text(Map<String, Object> data, String... names) {
    for (String n : names) {
      Object v = data.get(n);
      if (v instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return null;
  }
}

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
 * Kith's own verifiers, given the fields read from the printed page (never the MRZ's copies of them) and the MRZ:
 * the MRZ's check digits; the MRZ against the printed fields (names, birth date, document number, expiry:
 * normalised, compared exactly; made only when a field could be compared); and date plausibility (birth in the
 * past and at most 130 years ago, expiry after birth) and expiry, on the printed dates or else the MRZ's.
 * Thread-safe.
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
      mrzMatchesPrinted(data, mrz).ifPresent(checks::add);
    }
    LocalDate today = LocalDate.now(clock);
    // the printed date, else the MRZ's: these checks are about the dates the reading gives
    Optional<LocalDate> birth = date(text(data, "date_of_birth"))
        .or(() -> mrz == null ? Optional.empty() : date(mrz.fields().get("date_of_birth")));
    Optional<LocalDate> expiry = date(text(data, "date_of_expiry", "expiry_date"))
        .or(() -> mrz == null ? Optional.empty() : date(mrz.fields().get("date_of_expiry")));
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

  /** A field both the MRZ and the printed page carry: its name, its MRZ name, its printed names. */
  private record Compared(String name, String mrzName, List<String> printedNames) {
    boolean date() {
      return name.startsWith("date_");
    }
  }

  private static final List<Compared> COMPARED = List.of(
      new Compared("family_name", "surname", List.of("family_name", "surname")),
      new Compared("given_names", "given_names", List.of("given_names", "given_name")),
      new Compared(
          "document_number",
          "document_number",
          List.of("document_number", "passport_number", "licence_number")),
      new Compared("date_of_birth", "date_of_birth", List.of("date_of_birth")),
      new Compared("date_of_expiry", "date_of_expiry", List.of("date_of_expiry", "expiry_date")));

  /**
   * {@code mrz_matches_printed}, made only when at least one printed field could be compared with its MRZ field
   * (both present, dates both readable): passed when every compared field is equal once normalised; the detail
   * names the fields that differ, or, when it passed on fewer fields than the MRZ carries, the ones compared.
   * Absent when nothing could be compared: a check not made is never shown as passed.
   */
  private static Optional<Check> mrzMatchesPrinted(
      Map<String, Object> printed, DocumentReader.Mrz mrz) {
    List<String> compared = new ArrayList<>();
    List<String> mismatches = new ArrayList<>();
    int carried = 0;
    for (Compared f : COMPARED) {
      String m = mrz.fields().get(f.mrzName());
      if (m == null || m.isBlank()) {
        continue;
      }
      carried++;
      String p = text(printed, f.printedNames().toArray(String[]::new));
      if (p == null) {
        continue;
      }
      boolean equal;
      if (f.date()) {
        Optional<LocalDate> a = date(p);
        Optional<LocalDate> b = date(m);
        if (a.isEmpty() || b.isEmpty()) {
          continue;
        }
        equal = a.equals(b);
      } else {
        equal = normal(p).equals(normal(m));
      }
      compared.add(f.name());
      if (!equal) {
        mismatches.add(f.name());
      }
    }
    if (compared.isEmpty()) {
      return Optional.empty();
    }
    String detail = !mismatches.isEmpty()
        ? "differs: " + String.join(", ", mismatches)
        : compared.size() < carried ? "compared: " + String.join(", ", compared) : null;
    return Optional.of(new Check("mrz_matches_printed", mismatches.isEmpty(), detail));
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

package org.kith.extraction.mrz;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A machine readable zone as read by {@link MrzParser}: the corrected lines, the fields, the outcome of each
 * check digit and the corrections made. Immutable and thread-safe.
 *
 * <p>{@link #fields()} always holds, in this order: {@code format} ({@code TD1}/{@code TD2}/{@code TD3}),
 * {@code document_code}, {@code issuing_state}, {@code document_number}, {@code nationality},
 * {@code date_of_birth} and {@code date_of_expiry} (ISO {@code yyyy-MM-dd}, empty when the MRZ does not hold a
 * calendar date), {@code sex} ({@code F}, {@code M} or {@code X} for unspecified), {@code optional_data}
 * (the personal number on TD3), {@code optional_data_2} (TD1 only: the optional data of line 2),
 * {@code surname}, {@code given_names} (words separated by one space) and {@code lines} (the corrected lines
 * joined by {@code \n}). Filler characters are stripped from values.
 *
 * @param format the MRZ format
 * @param lines the corrected lines, each exactly {@link MrzFormat#lineLength()} long
 * @param fields the fields by stable snake_case name
 * @param checks the outcome of each check digit the format has
 * @param corrections the changes made to the OCR text, in the order they were made
 */
public record Mrz(
    MrzFormat format,
    List<String> lines,
    Map<String, String> fields,
    Map<MrzCheck, Boolean> checks,
    List<Correction> corrections) {
  public static final String FORMAT = "format";
  public static final String DOCUMENT_CODE = "document_code";
  public static final String ISSUING_STATE = "issuing_state";
  public static final String DOCUMENT_NUMBER = "document_number";
  public static final String NATIONALITY = "nationality";
  public static final String DATE_OF_BIRTH = "date_of_birth";
  public static final String SEX = "sex";
  public static final String DATE_OF_EXPIRY = "date_of_expiry";
  public static final String OPTIONAL_DATA = "optional_data";
  public static final String OPTIONAL_DATA_2 = "optional_data_2";
  public static final String SURNAME = "surname";
  public static final String GIVEN_NAMES = "given_names";
  public static final String LINES = "lines";

  public Mrz {
    lines = List.copyOf(lines);
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    checks = checks.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(checks));
    corrections = List.copyOf(corrections);
  }

  /** Whether every check digit the format has is valid. */
  public boolean valid() {
    return !checks.isEmpty() && checks.values().stream().allMatch(Boolean::booleanValue);
  }

  /** Whether the given check digit is present and valid. */
  public boolean valid(MrzCheck check) {
    return Boolean.TRUE.equals(checks.get(check));
  }

  /** The value of a field, or the empty string when the format does not have it. */
  public String field(String name) {
    return fields.getOrDefault(name, "");
  }

  public String documentCode() {
    return field(DOCUMENT_CODE);
  }

  public String issuingState() {
    return field(ISSUING_STATE);
  }

  public String documentNumber() {
    return field(DOCUMENT_NUMBER);
  }

  public String nationality() {
    return field(NATIONALITY);
  }

  /** The date of birth, empty when the MRZ does not hold a calendar date. */
  public Optional<LocalDate> dateOfBirth() {
    return date(field(DATE_OF_BIRTH));
  }

  public String sex() {
    return field(SEX);
  }

  /** The date of expiry, empty when the MRZ does not hold a calendar date. */
  public Optional<LocalDate> dateOfExpiry() {
    return date(field(DATE_OF_EXPIRY));
  }

  public String optionalData() {
    return field(OPTIONAL_DATA);
  }

  public String surname() {
    return field(SURNAME);
  }

  public String givenNames() {
    return field(GIVEN_NAMES);
  }

  private static Optional<LocalDate> date(String iso) {
    if (iso.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(iso));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}

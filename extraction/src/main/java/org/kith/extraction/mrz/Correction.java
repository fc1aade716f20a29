package org.kith.extraction.mrz;

import java.util.Objects;

/**
 * One change the parser made to the OCR text so that a caller can show it. Positions are 0-based. For
 * substitutions ({@code from} and {@code to} both one character) {@code line} and {@code column} address the
 * corrected {@link Mrz#lines()}. For line-length repairs an insertion has an empty {@code from} and addresses
 * the corrected line; a removal has an empty {@code to} and addresses the line as read, after normalisation
 * (upper case, no white space) and after any earlier removal from the same line. Upper-casing, removing white
 * space and reading chevron look-alikes such as {@code «} as {@code <} are normalisation, not corrections.
 * Immutable and thread-safe.
 *
 * @param line 0-based line index
 * @param column 0-based column
 * @param from the characters read (empty for an insertion)
 * @param to the characters used instead (empty for a removal)
 * @param field snake_case name of the field at that position: a key of {@link Mrz#fields()}, {@code name} for the
 *     name field (surname and given names), {@code document_number_check}, {@code date_of_birth_check},
 *     {@code date_of_expiry_check}, {@code optional_data_check} or {@code composite_check} for check digits; empty
 *     for line-length repairs
 * @param reason why the change was made
 */
public record Correction(
    int line, int column, String from, String to, String field, Reason reason) {
  /** Why a correction was made. */
  public enum Reason {
    /** A character was inserted or removed because the line was 1–3 characters too short or too long. */
    LINE_LENGTH,
    /** A character that cannot occur in an MRZ was read as the filler {@code <}. */
    JUNK,
    /** A {@code K} in the trailing filler of the name field (after {@code <<<}) was read as {@code <}. */
    FILLER,
    /** A letter in a numeric field (date, check digit) was replaced by the digit it resembles. */
    NUMERIC_FIELD,
    /** A digit in an alphabetic field (code, country, sex, name) was replaced by the letter it resembles. */
    ALPHABETIC_FIELD,
    /** A look-alike in an alphanumeric field was swapped because only that variant satisfies its check digit. */
    CHECK_DIGIT
  }

  public Correction {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(reason, "reason");
  }
}

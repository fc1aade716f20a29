package org.kith.extraction.clarity;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The characters a text field may contain, inferred from its name, so Tesseract cannot read a date as
 * letters or a name as digits: {@code *date*}, {@code dob}, {@code *expiry*} → digits, separators and month
 * abbreviations; {@code *number*}, {@code *_no}, {@code *_id}, {@code *code*}, {@code *version*} → upper-case
 * letters and digits; {@code sex}/{@code gender} → M, F, X; {@code *mrz*} → the MRZ alphabet; {@code *name*}
 * → capital letters (with macrons), spaces, hyphens and apostrophes, as identity documents print names. Other
 * names read anything.
 */
public final class FieldKinds {
  public static final String MRZ = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";
  static final String DATE = "0123456789/-. JANFEBMRPYULGSOCTVD";
  static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-";
  static final String NAME = "ABCDEFGHIJKLMNOPQRSTUVWXYZ -'ĀĒĪŌŪ";

  private FieldKinds() {}

  public static @Nullable String whitelist(String fieldName) {
    String n = fieldName.toLowerCase(Locale.ROOT);
    if (n.contains("mrz")) {
      return MRZ;
    }
    if (n.contains("date") || n.equals("dob") || n.contains("expiry") || n.contains("birth")) {
      return DATE;
    }
    if (n.equals("sex") || n.equals("gender")) {
      return "MFX";
    }
    if (n.contains("number")
        || n.endsWith("_no")
        || n.endsWith("_id")
        || n.contains("code")
        || n.contains("version")) {
      return ALNUM;
    }
    if (n.contains("name")) {
      return NAME;
    }
    return null;
  }

  /**
   * A field's reading with the word gaps its kind always has: in a date, a month name stands apart from the day
   * and year digits ({@code 17FEB 1993} → {@code 17 FEB 1993}; Tesseract loses narrow gaps between a digit and a
   * letter). Other kinds are returned as read.
   */
  static String tidy(String fieldName, String text) {
    if (!DATE.equals(whitelist(fieldName))) {
      return text;
    }
    return DIGIT_LETTER.matcher(text).replaceAll(" ").replaceAll(" {2,}", " ");
  }

  private static final java.util.regex.Pattern DIGIT_LETTER =
      java.util.regex.Pattern.compile("(?<=\\d)(?=[A-Z])|(?<=[A-Z])(?=\\d)");
}

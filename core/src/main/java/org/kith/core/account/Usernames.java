package org.kith.core.account;

import java.text.Normalizer;
import java.util.Locale;
import org.kith.core.Rejected;

/**
 * The one rule for account names (email addresses): the name a person types is compared, stored and looked
 * up in its canonical form, so two strings that look alike are one account name. The canonical form is
 * NFKC, lower-cased, NFKC again (case mapping can leave a string that is not NFKC), without surrounding
 * white space: {@code "ａdmin@example.org"} (fullwidth a) and {@code "ADMIN@example.org"} are both
 * {@code "admin@example.org"}. Names holding a code point with the Unicode property
 * {@code Default_Ignorable_Code_Point} (zero-width space and joiners, soft hyphen, bidi controls, variation
 * selectors, tags...) are refused: they render as nothing, so {@code "ad\u200Bmin"} would look like
 * {@code "admin"} while being another string. Thread-safe (stateless).
 */
public final class Usernames {
  /**
   * {@code Default_Ignorable_Code_Point} of Unicode 15.1's DerivedCoreProperties.txt (U+180F joined in
   * 14.0), as inclusive ranges, reserved code points of those blocks included. {@link Character} does not expose the property; core depends on the JDK
   * only, so the ranges are listed here.
   */
  private static final int[][] DEFAULT_IGNORABLE = {
    {0x00AD, 0x00AD}, {0x034F, 0x034F}, {0x061C, 0x061C}, {0x115F, 0x1160}, {0x17B4, 0x17B5},
    {0x180B, 0x180F}, {0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x206F}, {0x3164, 0x3164},
    {0xFE00, 0xFE0F}, {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0}, {0xFFF0, 0xFFF8}, {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A}, {0xE0000, 0xE0FFF},
  };

  private Usernames() {}

  /**
   * The canonical form of a typed account name.
   *
   * @param field the request field the name came from, named in the 400 problem
   * @throws Rejected 400 naming {@code field} when the name holds a default-ignorable code point, or is not
   *     a single {@code local@domain} address once normalised (fullwidth {@code ＠} becomes {@code @})
   */
  public static String canonical(String field, String typed) {
    String name = Normalizer.normalize(
            Normalizer.normalize(typed, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT),
            Normalizer.Form.NFKC)
        .strip();
    if (typed.codePoints().anyMatch(Usernames::isDefaultIgnorable)
        || name.codePoints().anyMatch(Usernames::isDefaultIgnorable)) {
      throw Rejected.invalid(
          field,
          "must not contain invisible characters (zero-width, joiners, soft hyphens, "
              + "direction marks or variation selectors)");
    }
    int at = name.indexOf('@');
    if (at <= 0
        || at != name.lastIndexOf('@')
        || at == name.length() - 1
        || name.codePoints()
            .anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw Rejected.invalid(field, "must be an email address");
    }
    return name;
  }

  /** Whether a code point has the Unicode property {@code Default_Ignorable_Code_Point}. */
  static boolean isDefaultIgnorable(int codePoint) {
    for (int[] range : DEFAULT_IGNORABLE) {
      if (codePoint >= range[0] && codePoint <= range[1]) {
        return true;
      }
    }
    return false;
  }
}

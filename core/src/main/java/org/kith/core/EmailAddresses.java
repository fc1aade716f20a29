package org.kith.core;

import java.util.regex.Pattern;

/**
 * The one rule for an email address Kith sends to: a single plausible addr-spec {@code local@domain} (RFC 5322
 * section 3.4.1, dot-atom form; RFC 6531 lets both parts hold non-ASCII letters). Never a display name, a list, a
 * quoted local part, a comment, whitespace or any control character: a CR or LF in an address would let whoever
 * wrote it add mail headers (Bcc) or a second message. At most 254 characters (RFC 5321 section 4.5.3.1.3 path
 * limit less the angle brackets). Thread-safe.
 */
public final class EmailAddresses {
  /** Longest address accepted. */
  public static final int MAX_LENGTH = 254;

  /** atext (RFC 5322 section 3.2.3) and non-ASCII letters and digits, in dot-separated atoms. */
  private static final String ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
  /** Letters, digits and hyphens in dot-separated labels, at least two of them, no hyphen at a label's ends. */
  private static final String LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";

  private static final Pattern ADDR_SPEC =
      Pattern.compile(ATOM + "(?:\\." + ATOM + ")*@" + LABEL + "(?:\\." + LABEL + ")+");

  private EmailAddresses() {}

  /** Whether the text is one plausible email address and nothing else. */
  public static boolean isPlausible(String text) {
    return text.length() <= MAX_LENGTH
        && text.indexOf('@') <= 64
        && ADDR_SPEC.matcher(text).matches();
  }
}

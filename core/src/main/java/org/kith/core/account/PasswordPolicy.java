package org.kith.core.account;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.kith.core.Rejected;

/**
 * Kith's password rules (NIST SP 800-63B style): at least 10 characters, at most 256 (bounding hashing
 * work), not a well-known password, not the username. Immutable and thread-safe.
 */
public final class PasswordPolicy {
  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 256;
  private final Set<String> common;

  private PasswordPolicy(Set<String> common) {
    this.common = Set.copyOf(common);
  }

  /** The policy with the built-in list of common passwords. */
  public static PasswordPolicy standard() {
    Set<String> words = new HashSet<>();
    try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
      if (in == null) {
        throw new IllegalStateException("common-passwords.txt missing from the classpath");
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        r.lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .map(l -> l.toLowerCase(Locale.ROOT))
            .forEach(words::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new PasswordPolicy(words);
  }

  /**
   * Throws a 400 rejection naming {@code field} if the password breaks a rule.
   *
   * @param username the account's username, which the password must not repeat
   */
  public void check(String field, String password, String username) {
    int length = password.codePointCount(0, password.length());
    if (length < MIN_LENGTH) {
      throw Rejected.invalid(field, "password must have at least " + MIN_LENGTH + " characters");
    }
    if (length > MAX_LENGTH) {
      throw Rejected.invalid(field, "password must have at most " + MAX_LENGTH + " characters");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (common.contains(lower) || password.codePoints().distinct().count() == 1) {
      throw Rejected.invalid(field, "password is too common; choose another");
    }
    String user = username.toLowerCase(Locale.ROOT);
    int at = user.indexOf('@');
    if (lower.equals(user) || (at > 0 && lower.equals(user.substring(0, at)))) {
      throw Rejected.invalid(field, "password must not be your username");
    }
  }
}

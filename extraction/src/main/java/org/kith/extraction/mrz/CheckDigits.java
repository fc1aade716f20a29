package org.kith.extraction.mrz;

/**
 * ICAO 9303 check digits: each character's value ({@code <} = 0, digits their value, {@code A}–{@code Z} =
 * 10–35) is multiplied by the repeating weights 7, 3, 1; the check digit is the sum modulo 10. For example
 * {@code 123456BB} gives 5. Stateless and thread-safe.
 */
public final class CheckDigits {
  private static final int[] WEIGHTS = {7, 3, 1};

  private CheckDigits() {}

  /** The weight of the character at {@code index} of a checked field: 7, 3, 1, repeating. */
  public static int weight(int index) {
    return WEIGHTS[index % WEIGHTS.length];
  }

  /** Whether {@code c} may appear in an MRZ: {@code 0}–{@code 9}, {@code A}–{@code Z} or {@code <}. */
  public static boolean isMrzCharacter(char c) {
    return c == '<' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
  }

  /**
   * The value of one MRZ character.
   *
   * @throws IllegalArgumentException if {@code c} is not an MRZ character
   */
  public static int value(char c) {
    if (c == '<') {
      return 0;
    }
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'Z') {
      return c - 'A' + 10;
    }
    throw new IllegalArgumentException("not an MRZ character: " + c);
  }

  /**
   * The check digit of {@code chars} as a number 0–9.
   *
   * @throws IllegalArgumentException if {@code chars} holds a character that is not an MRZ character
   */
  public static int compute(CharSequence chars) {
    int sum = 0;
    for (int i = 0; i < chars.length(); i++) {
      sum += value(chars.charAt(i)) * WEIGHTS[i % 3];
    }
    return sum % 10;
  }

  /** The check digit of {@code chars} as the character {@code '0'}–{@code '9'}. */
  public static char checkDigit(CharSequence chars) {
    return (char) ('0' + compute(chars));
  }

  /**
   * Whether {@code checkDigit} is the check digit of {@code chars}; false when {@code checkDigit} is not a digit
   * or {@code chars} holds a character that is not an MRZ character.
   */
  public static boolean isValid(CharSequence chars, char checkDigit) {
    if (checkDigit < '0' || checkDigit > '9') {
      return false;
    }
    for (int i = 0; i < chars.length(); i++) {
      if (!isMrzCharacter(chars.charAt(i))) {
        return false;
      }
    }
    return compute(chars) == checkDigit - '0';
  }
}

package org.kith.api.schema;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * Regular expressions of user schemas ({@code pattern}, {@code patternProperties}, {@code format: regex}) in
 * bounded time. A schema is user input, and a backtracking engine takes exponential time on patterns such as
 * {@code (a+)+$}: one request would hold a thread for minutes. So patterns run on RE2/J, whose time is linear
 * in the input; the few that RE2 cannot express (look-around, back-references) run on the JDK engine with a
 * budget of {@link #STEP_BUDGET} character reads, and a value that exhausts it counts as not matching, so a
 * {@code pattern} fails closed. Thread-safe.
 */
final class BoundedRegex implements RegularExpressionFactory {
  static final BoundedRegex INSTANCE = new BoundedRegex();
  /** Character reads the backtracking engine may make for one value (milliseconds of work). */
  static final int STEP_BUDGET = 2_000_000;

  private BoundedRegex() {}

  @Override
  public RegularExpression getRegularExpression(String regex) {
    try {
      com.google.re2j.Pattern linear = com.google.re2j.Pattern.compile(regex);
      return value -> linear.matcher(value).find();
    } catch (com.google.re2j.PatternSyntaxException notRe2) {
      java.util.regex.Pattern backtracking = java.util.regex.Pattern.compile(regex);
      return value -> {
        try {
          return backtracking
              .matcher(new Budgeted(value, new int[] {STEP_BUDGET}))
              .find();
        } catch (Exhausted e) {
          return false;
        }
      };
    }
  }

  private static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exhausted() {
      super("regular expression step budget exhausted", null, false, false);
    }
  }

  /** A string whose reads are counted against a budget shared with its subsequences. */
  private record Budgeted(String text, int[] budget) implements CharSequence {
    @Override
    public char charAt(int index) {
      if (--budget[0] < 0) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(text.substring(start, end), budget);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}

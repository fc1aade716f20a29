package org.kith.extraction.clarity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Corrects OCR look-alikes ({@code O/0/D/Q}, {@code I/1/L}, {@code S/5}, {@code B/8}, {@code Z/2}, {@code G/6})
 * so a value fits the pattern its field must match (for example a licence number {@code ^[A-Z]{2}\d{6}$}): when
 * the value as read does not match, every combination of look-alike substitutions (at most 12 ambiguous
 * characters) is tried, the variant with the fewest changes that matches is kept, and a tie leaves the value
 * as read. Thread-safe.
 */
public final class LookAlikes {
  private static final Map<Character, String> ALTERNATIVES = Map.ofEntries(
      Map.entry('O', "0DQ"),
      Map.entry('0', "ODQ"),
      Map.entry('D', "0O"),
      Map.entry('Q', "0O"),
      Map.entry('I', "1L"),
      Map.entry('1', "IL"),
      Map.entry('L', "1I"),
      Map.entry('S', "5"),
      Map.entry('5', "S"),
      Map.entry('B', "8"),
      Map.entry('8', "B"),
      Map.entry('Z', "2"),
      Map.entry('2', "Z"),
      Map.entry('G', "6"),
      Map.entry('6', "G"));
  /** At most 4^6 = 4,096 variants per value: look-alike correction must stay cheap whatever OCR returns. */
  private static final int MAX_AMBIGUOUS = 6;

  private LookAlikes() {}

  /**
   * {@code value}, or the closest look-alike variant of it that matches {@code pattern}. When no substitution fits,
   * one character doubled by its look-alike ({@code 0O}, {@code I1}, …, a common OCR stutter) may also be dropped;
   * a drop counts as one change.
   */
  public static String fit(String value, Pattern pattern) {
    if (pattern.matcher(value).matches()) {
      return value;
    }
    Variant substituted = substitute(value, pattern);
    if (substituted.value() != null || substituted.tie()) {
      return substituted.value() == null ? value : substituted.value();
    }
    String best = null;
    int bestChanges = Integer.MAX_VALUE;
    boolean tie = false;
    for (int i = 0; i < value.length(); i++) {
      if (!doubled(value, i)) {
        continue;
      }
      String dropped = value.substring(0, i) + value.substring(i + 1);
      Variant v = pattern.matcher(dropped).matches()
          ? new Variant(dropped, 0, false)
          : substitute(dropped, pattern);
      if (v.value() == null) {
        continue;
      }
      int changes = 1 + v.changes();
      if (changes < bestChanges) {
        best = v.value();
        bestChanges = changes;
        tie = v.tie();
      } else if (changes == bestChanges && !v.value().equals(best)) {
        tie = true;
      }
    }
    return best == null || tie ? value : best;
  }

  private record Variant(
      @org.jspecify.annotations.Nullable String value, int changes, boolean tie) {}

  /** Whether the character at {@code i} is a look-alike of a neighbour (so one of the two may be a stutter). */
  private static boolean doubled(String value, int i) {
    char c = value.charAt(i);
    String alternatives = ALTERNATIVES.get(c);
    if (alternatives == null) {
      return false;
    }
    return (i > 0 && alternatives.indexOf(value.charAt(i - 1)) >= 0)
        || (i + 1 < value.length() && alternatives.indexOf(value.charAt(i + 1)) >= 0);
  }

  /** The variant with the fewest look-alike substitutions that matches (null value if none or a tie). */
  private static Variant substitute(String value, Pattern pattern) {
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < value.length(); i++) {
      if (ALTERNATIVES.containsKey(value.charAt(i))) {
        positions.add(i);
      }
    }
    if (positions.isEmpty() || positions.size() > MAX_AMBIGUOUS) {
      return new Variant(null, 0, false);
    }
    Optional<String> best = Optional.empty();
    int bestChanges = Integer.MAX_VALUE;
    boolean tie = false;
    char[] chars = value.toCharArray();
    int[] choice = new int[positions.size()];
    while (true) {
      int changes = 0;
      for (int k = 0; k < positions.size(); k++) {
        int p = positions.get(k);
        char original = value.charAt(p);
        chars[p] = choice[k] == 0 ? original : ALTERNATIVES.get(original).charAt(choice[k] - 1);
        changes += choice[k] == 0 ? 0 : 1;
      }
      String candidate = new String(chars);
      if (changes > 0 && changes <= bestChanges && pattern.matcher(candidate).matches()) {
        tie = changes == bestChanges;
        if (changes < bestChanges) {
          best = Optional.of(candidate);
          bestChanges = changes;
        }
      }
      int k = 0;
      while (k < positions.size()) {
        choice[k]++;
        if (choice[k] <= ALTERNATIVES.get(value.charAt(positions.get(k))).length()) {
          break;
        }
        choice[k] = 0;
        k++;
      }
      if (k == positions.size()) {
        break;
      }
    }
    return tie
        ? new Variant(null, bestChanges, true)
        : new Variant(best.orElse(null), bestChanges, false);
  }
}

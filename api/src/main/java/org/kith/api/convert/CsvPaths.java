package org.kith.api.convert;

import java.util.ArrayList;
import java.util.List;
import org.kith.core.Rejected;

/**
 * A CSV column names one field of a JSON object by its path: object keys joined with {@code .}, array elements as
 * {@code [index]} ({@code address.lines[0]}). A key's own {@code \ . [ ]} are escaped with a backslash, so every path
 * reads back as the keys it was written from.
 */
final class CsvPaths {
  /** One step of a path: an object key, or an array element when {@code index} is not negative. */
  record Step(String key, int index) {
    static Step field(String key) {
      return new Step(key, -1);
    }

    static Step element(int index) {
      return new Step("", index);
    }

    boolean isElement() {
      return index >= 0;
    }
  }

  private CsvPaths() {}

  /** The path of a top-level field. */
  static String field(String key) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '\\' || c == '.' || c == '[' || c == ']') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  static String child(String parent, String key) {
    return parent + "." + field(key);
  }

  static String element(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /** The steps of a header written by {@link #child} and {@link #element}; a 400 problem for anything else. */
  static List<Step> parse(String header, int maxDepth) {
    List<Step> steps = new ArrayList<>();
    StringBuilder key = new StringBuilder();
    boolean inKey = true; // false right after an array index: the next step starts with . or [
    int i = 0;
    while (i < header.length()) {
      char c = header.charAt(i);
      if (c == '\\') {
        if (i + 1 == header.length()) {
          throw bad(header, "ends with a lone backslash");
        }
        key.append(header.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c == '.') {
        if (inKey) {
          steps.add(Step.field(key.toString()));
        }
        key.setLength(0);
        inKey = true;
        i++;
      } else if (c == '[') {
        if (inKey) {
          steps.add(Step.field(key.toString()));
        }
        key.setLength(0);
        int close = header.indexOf(']', i);
        String digits = close < 0 ? "" : header.substring(i + 1, close);
        if (digits.isEmpty()
            || digits.length() > 6
            || !digits.chars().allMatch(Character::isDigit)) {
          throw bad(header, "has an array index that is not a number in [ ]");
        }
        steps.add(Step.element(Integer.parseInt(digits)));
        i = close + 1;
        inKey = false;
        if (i < header.length() && header.charAt(i) != '.' && header.charAt(i) != '[') {
          throw bad(header, "needs . or [ after an array index");
        }
        if (i < header.length() && header.charAt(i) == '.') {
          inKey = true;
          i++;
        }
      } else if (c == ']') {
        throw bad(header, "has a ] without [ (escape it as \\])");
      } else {
        key.append(c);
        i++;
      }
      if (steps.size() > maxDepth) {
        throw bad(header, "is nested deeper than " + maxDepth + " levels");
      }
    }
    if (inKey) {
      steps.add(Step.field(key.toString()));
    }
    return steps;
  }

  private static Rejected bad(String header, String why) {
    return Rejected.invalid("/csv", "line 1: the column \"" + shorten(header) + "\" " + why);
  }

  static String shorten(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}

package org.kith.core.clarity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code fields_match_schema}: whether every printed field whose schema property has a {@code pattern} matches it
 * as read (after look-alike correction), so a value that still does not fit (a licence number read as digits
 * where the schema wants two letters) is shown as not passed rather than passed on silently. Made only when at
 * least one such field was read.
 */
final class PatternCheck {
  static final String NAME = "fields_match_schema";

  private PatternCheck() {}

  /**
   * The schema's patterns compiled once per extraction, for this check and the reader's look-alike correction; a
   * pattern Java cannot compile is left out (neither checked nor used to correct).
   */
  static Map<String, Pattern> compiled(Map<String, String> patterns) {
    Map<String, Pattern> out = new LinkedHashMap<>();
    patterns.forEach((field, regex) -> {
      try {
        out.put(field, Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        // not a pattern this reader can apply
      }
    });
    return out;
  }

  static Optional<DocumentVerifier.Check> of(
      Map<String, Object> printed, Map<String, Pattern> patterns) {
    List<String> checked = new ArrayList<>();
    List<String> unfit = new ArrayList<>();
    patterns.forEach((field, p) -> {
      if (!(printed.get(field) instanceof String value)) {
        return;
      }
      checked.add(field);
      // JSON Schema's pattern is a search, not a whole-value match
      if (!p.matcher(value).find()) {
        unfit.add(field);
      }
    });
    if (checked.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DocumentVerifier.Check(
        NAME,
        unfit.isEmpty(),
        unfit.isEmpty() ? null : "does not match its schema pattern: " + String.join(", ", unfit)));
  }
}

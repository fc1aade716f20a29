package org.kith.core.clarity;

import java.util.ArrayList;
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

  static Optional<DocumentVerifier.Check> of(
      Map<String, Object> printed, Map<String, String> patterns) {
    List<String> checked = new ArrayList<>();
    List<String> unfit = new ArrayList<>();
    patterns.forEach((field, regex) -> {
      if (!(printed.get(field) instanceof String value)) {
        return;
      }
      Pattern p;
      try {
        p = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        return; // not a pattern this reader can apply: not checked
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

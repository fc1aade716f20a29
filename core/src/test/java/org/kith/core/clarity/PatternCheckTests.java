package org.kith.core.clarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("printed fields against their schema patterns")
class PatternCheckTests {
  private static final Map<String, java.util.regex.Pattern> PATTERNS = PatternCheck.compiled(
      Map.of("licence_number", "^[A-Z]{2}[0-9]{6}$", "version", "^[0-9]{3}$"));

  @Test
  @DisplayName("a value that does not fit its pattern fails the check and is named")
  void unfit() {
    assertThat(PatternCheck.of(Map.of("licence_number", "21774019"), PATTERNS))
        .contains(new DocumentVerifier.Check(
            "fields_match_schema", false, "does not match its schema pattern: licence_number"));
  }

  @Test
  @DisplayName("values that fit pass; a pattern is a search as in JSON Schema")
  void fit() {
    assertThat(PatternCheck.of(Map.of("licence_number", "ZT774019", "version", "123"), PATTERNS))
        .contains(new DocumentVerifier.Check("fields_match_schema", true, null));
    assertThat(PatternCheck.of(
            Map.of("code", "xx12yy"), PatternCheck.compiled(Map.of("code", "[0-9]{2}"))))
        .get()
        .extracting(DocumentVerifier.Check::passed)
        .isEqualTo(true);
  }

  @Test
  @DisplayName(
      "no read field has a pattern (or one this reader cannot compile): the check is not made")
  void notMade() {
    assertThat(PatternCheck.of(Map.of("family_name", "SMITH"), PATTERNS)).isEmpty();
    assertThat(PatternCheck.of(Map.of("x", "a"), PatternCheck.compiled(Map.of("x", "(?<="))))
        .isEmpty();
  }
}

package org.kith.extraction.clarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("look-alike correction to a field's pattern")
class LookAlikesTests {
  static final Pattern LICENCE = Pattern.compile("^[A-Z]{2}\\d{6}$");

  @Test
  @DisplayName(
      "substitutions make the value fit with the fewest changes; fitting values stay as read")
  void substitutes() {
    assertThat(LookAlikes.fit("ER090032", LICENCE)).isEqualTo("ER090032");
    assertThat(LookAlikes.fit("ERO90032", LICENCE)).isEqualTo("ER090032");
    assertThat(LookAlikes.fit("5O223884", LICENCE)).isEqualTo("SO223884");
    assertThat(LookAlikes.fit("DL1Z3456", LICENCE)).isEqualTo("DL123456");
  }

  @Test
  @DisplayName("a doubled look-alike (0O) is dropped when that is what fits")
  void stutter() {
    assertThat(LookAlikes.fit("AD0O70497", LICENCE)).isEqualTo("AD070497");
    assertThat(LookAlikes.fit("SO0223884", LICENCE)).isEqualTo("SO223884");
  }

  @Test
  @DisplayName("values that cannot fit, or fit two ways equally, are left as read")
  void leftAlone() {
    assertThat(LookAlikes.fit("XYZ", LICENCE)).isEqualTo("XYZ");
    assertThat(LookAlikes.fit("AB12345X", LICENCE)).isEqualTo("AB12345X");
    Pattern either = Pattern.compile("^(A0|AO)$");
    assertThat(LookAlikes.fit("AD", either)).isEqualTo("AD");
  }
}

package org.kith.extraction.mrz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("ICAO 9303 check digits")
class CheckDigitsTests {
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "123456BB, 5",
    "L898902C3, 6",
    "D23145890, 7",
    "D23145890734, 9",
    "740812, 2",
    "120415, 9",
    "ZE184226B<<<<<, 1",
    "<<<<<<<<<<<<<<, 0",
    "L898902C3674081221204159ZE184226B<<<<<1, 0"
  })
  @DisplayName(
      "weights 7, 3, 1 over < = 0, digits and A–Z = 10–35, modulo 10 (ICAO specimen values)")
  void computes(String chars, int expected) {
    assertThat(CheckDigits.compute(chars)).isEqualTo(expected);
    assertThat(CheckDigits.checkDigit(chars)).isEqualTo((char) ('0' + expected));
    assertThat(CheckDigits.isValid(chars, (char) ('0' + expected))).isTrue();
    assertThat(CheckDigits.isValid(chars, (char) ('0' + (expected + 1) % 10))).isFalse();
  }

  @Test
  @DisplayName(
      "a filler or letter in the check digit position, or a non-MRZ character in the data, is never valid")
  void invalidInput() {
    assertThat(CheckDigits.isValid("<<<", '<')).isFalse();
    assertThat(CheckDigits.isValid("740812", 'Z')).isFalse();
    assertThat(CheckDigits.isValid("74o812", '2')).isFalse();
    assertThat(CheckDigits.isMrzCharacter('«')).isFalse();
    assertThatThrownBy(() -> CheckDigits.compute("abc"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("character values: < is 0, digits are themselves, A is 10 and Z is 35")
  void values() {
    assertThat(CheckDigits.value('<')).isZero();
    assertThat(CheckDigits.value('7')).isEqualTo(7);
    assertThat(CheckDigits.value('A')).isEqualTo(10);
    assertThat(CheckDigits.value('Z')).isEqualTo(35);
  }
}

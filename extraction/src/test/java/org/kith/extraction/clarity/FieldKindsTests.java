package org.kith.extraction.clarity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("field kinds: character sets and word gaps by field name")
class FieldKindsTests {
  @Test
  @DisplayName("a date's month name stands apart from its digits; other kinds are left as read")
  void tidy() {
    assertThat(FieldKinds.tidy("date_of_birth", "17FEB 1993")).isEqualTo("17 FEB 1993");
    assertThat(FieldKinds.tidy("expiry_date", "23JUL2034")).isEqualTo("23 JUL 2034");
    assertThat(FieldKinds.tidy("issue_date", "12-08-1990")).isEqualTo("12-08-1990");
    assertThat(FieldKinds.tidy("licence_number", "ZT774019")).isEqualTo("ZT774019");
    assertThat(FieldKinds.tidy("family_name", "O BRIEN2")).isEqualTo("O BRIEN2");
  }
}

package org.kith.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("email addresses")
class EmailAddressesTests {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ops@example.org",
        "first.last+tag@mail.example.co.uk",
        "o'brien@example.ie",
        "jürgen@bücher.example"
      })
  void plausible(String address) {
    assertThat(EmailAddresses.isPlausible(address)).as(address).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a@b.c\r\nBcc: x@y.z",
        "a@b.c\nBcc: x@y.z",
        "a@b.c\r",
        "a@b.c\u0000",
        "a\t@b.c",
        "a@b.c\u0085",
        "a b@c.d",
        "Name <a@b.c>",
        "a@b.c, d@e.f",
        "a@b.c;d@e.f",
        "\"a\"@b.c",
        "a@b",
        "@b.c",
        "a@",
        "a@@b.c",
        "a..b@c.d",
        ".a@b.c",
        "a@-b.c",
        "a@b..c",
        "a@b.c.",
        "a(comment)@b.c",
        "a@[127.0.0.1]"
      })
  @DisplayName(
      "control characters, line breaks, lists, display names and malformed addresses are refused")
  void refused(String address) {
    assertThat(EmailAddresses.isPlausible(address)).as(address).isFalse();
  }

  @org.junit.jupiter.api.Test
  @DisplayName("at most 254 characters, 64 before the @")
  void lengths() {
    assertThat(EmailAddresses.isPlausible("a".repeat(64) + "@example.org")).isTrue();
    assertThat(EmailAddresses.isPlausible("a".repeat(65) + "@example.org")).isFalse();
    String domain = "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "."
        + "e".repeat(60) + ".org";
    assertThat(EmailAddresses.isPlausible("abcdef@" + domain)).isTrue(); // 254 characters
    assertThat(EmailAddresses.isPlausible("abcdefg@" + domain)).isFalse();
  }
}

package org.kith.core.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.core.Rejected;

@DisplayName("Usernames")
class UsernamesTests {
  @Nested
  @DisplayName("canonical form")
  class Canonical {
    @Test
    @DisplayName("fullwidth, upper-case and compatibility forms are one name")
    void lookAlikes() {
      assertThat(Usernames.canonical("username", "\uFF41dmin@example.org"))
          .isEqualTo("admin@example.org");
      assertThat(Usernames.canonical("username", " ADMIN@Example.ORG "))
          .isEqualTo("admin@example.org");
      assertThat(Usernames.canonical("username", "\uFF21\uFF24\uFF2D\uFF29\uFF2E\uFF20example.org"))
          .isEqualTo("admin@example.org");
      assertThat(Usernames.canonical("username", "\uFB01le@example.org"))
          .isEqualTo("file@example.org");
    }

    @Test
    @DisplayName("is idempotent")
    void idempotent() {
      for (String s : new String[] {
        "\u0130stanbul@example.org", "\u00C5ngstr\u00F6m@example.org", "\u1E9Ex@example.org"
      }) {
        String once = Usernames.canonical("username", s);
        assertThat(Usernames.canonical("username", once)).isEqualTo(once);
      }
    }
  }

  @Nested
  @DisplayName("refuses with a 400 naming the field")
  class Refused {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "ad\u200Bmin@example.org",
          "ad\u200Dmin@example.org",
          "ad\u00ADmin@example.org",
          "admin\uFE0F@example.org",
          "\u202Eadmin@example.org",
          "admin\uFEFF@example.org",
          "ad\u2060min@example.org",
          "ad\u034Fmin@example.org",
          "admin\uDB40\uDC20@example.org",
          "ad\u3164min@example.org"
        })
    @DisplayName("default-ignorable code points")
    void invisible(String typed) {
      assertThatThrownBy(() -> Usernames.canonical("username", typed))
          .isInstanceOfSatisfying(
              Rejected.class,
              r -> assertThat(r.errors())
                  .singleElement()
                  .satisfies(e -> assertThat(e.path()).isEqualTo("username")));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {"a\uFF20b@example.org", "@example.org", "admin@", "no-at-sign", "a b@example.org"
        })
    @DisplayName("what is not one local@domain address once normalised")
    void notAnAddress(String typed) {
      assertThatThrownBy(() -> Usernames.canonical("email", typed))
          .isInstanceOfSatisfying(
              Rejected.class,
              r -> assertThat(r.errors())
                  .singleElement()
                  .satisfies(e -> assertThat(e.path()).isEqualTo("email")));
    }
  }

  @Test
  @DisplayName(
      "the ignorable set matches the property where Java can tell (format characters it lists)")
  void matchesFormatCharacters() {
    // every Cf code point that is default-ignorable per DerivedCoreProperties; the others (e.g.
    // U+0600) are not
    int[] ignorableFormat = {
      0x00AD, 0x061C, 0x180E, 0x200B, 0x200F, 0x202A, 0x202E, 0x2060, 0x2064, 0x2066, 0x206F,
      0xFEFF, 0x1BCA0, 0x1BCA3, 0x1D173, 0x1D17A, 0xE0001, 0xE0020, 0xE007F
    };
    for (int c : ignorableFormat) {
      assertThat(Character.getType(c)).as("U+%04X", c).isEqualTo(Character.FORMAT);
      assertThat(Usernames.isDefaultIgnorable(c)).as("U+%04X", c).isTrue();
    }
    for (int c : new int[] {'a', '@', 0x0600, 0x06DD, 0x110BD, 0xFFF9, 0x00A0, 0x2028}) {
      assertThat(Usernames.isDefaultIgnorable(c)).as("U+%04X", c).isFalse();
    }
  }
}

package org.kith.core.account;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.core.Rejected;

@DisplayName("password policy")
class PasswordPolicyTests {
  static final PasswordPolicy POLICY = PasswordPolicy.standard();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "short",
        "123456789",
        "1234567890",
        "Password1234",
        "QWERTYUIOP",
        "aaaaaaaaaaaa",
        "ANA.smith.99@example.org",
        "ana.smith.99"
      })
  @DisplayName("refuses short, common, repeated and username-like passwords")
  void refuses(String password) {
    assertThatThrownBy(() -> POLICY.check("password", password, "ana.smith.99@example.org"))
        .isInstanceOfSatisfying(
            Rejected.class,
            r -> org.assertj.core.api.Assertions.assertThat(r.errors())
                .extracting(e -> e.path())
                .containsExactly("password"));
  }

  @Test
  @DisplayName("accepts long unusual passphrases, counting characters not bytes")
  void accepts() {
    assertThatCode(() -> POLICY.check("password", "correct horse battery", "ana@example.org"))
        .doesNotThrowAnyException();
    assertThatCode(() -> POLICY.check("password", "ñandú-kākāpō", "ana@example.org"))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () -> POLICY.check("password", "x".repeat(3) + "y".repeat(300), "ana@example.org"))
        .isInstanceOf(Rejected.class);
  }
}

package org.kith.crypto.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("TOTP codes and the sealing of their keys")
class JavaOtpPasswordsTests {
  /** RFC 6238 appendix B's SHA-1 key, "12345678901234567890", in base32. */
  private static final String RFC_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

  private final JavaOtpPasswords otp = new JavaOtpPasswords();

  @ParameterizedTest(name = "T = {0} s")
  @CsvSource({
    "59, 287082",
    "1111111109, 081804",
    "1111111111, 050471",
    "1234567890, 005924",
    "2000000000, 279037",
    "20000000000, 353130"
  })
  @DisplayName("RFC 6238 appendix B (SHA-1), the last six digits of each 8-digit value")
  void rfcVectors(long seconds, String code) {
    assertThat(otp.code(RFC_KEY, seconds / 30)).isEqualTo(code);
  }

  @Test
  @DisplayName("the test key is the RFC's ASCII key, and new keys are 160-bit unpadded base32")
  void keys() {
    assertThat(new String(JavaOtpPasswords.decode(RFC_KEY), StandardCharsets.US_ASCII))
        .isEqualTo("12345678901234567890");
    String key = otp.newKey();
    assertThat(key).matches("[A-Z2-7]{32}");
    assertThat(JavaOtpPasswords.decode(key)).hasSize(20);
    assertThat(otp.newKey()).isNotEqualTo(key);
  }

  @Test
  @DisplayName("a sealed key opens only under its key and context, and sealing twice differs")
  void sealing() {
    byte[] k = new byte[32];
    k[0] = 1;
    AesGcmSecretSealer sealer = new AesGcmSecretSealer(k);
    String sealed = sealer.seal(RFC_KEY, "u-1");
    assertThat(sealed).startsWith("v1.").doesNotContain(RFC_KEY);
    assertThat(sealer.open(sealed, "u-1")).isEqualTo(RFC_KEY);
    assertThat(sealer.seal(RFC_KEY, "u-1")).isNotEqualTo(sealed);
    assertThatThrownBy(() -> sealer.open(sealed, "u-2")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new AesGcmSecretSealer(new byte[32]).open(sealed, "u-1"))
        .isInstanceOf(IllegalStateException.class);
    char last = sealed.charAt(sealed.length() - 2);
    String tampered = sealed.substring(0, sealed.length() - 2)
        + (last == 'A' ? 'B' : 'A')
        + sealed.charAt(sealed.length() - 1);
    assertThatThrownBy(() -> sealer.open(tampered, "u-1"))
        .isInstanceOf(IllegalStateException.class);
  }
}

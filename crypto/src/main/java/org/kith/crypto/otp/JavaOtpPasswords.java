package org.kith.crypto.otp;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.security.InvalidKeyException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;
import org.kith.core.account.OneTimePasswords;

/**
 * RFC 6238 TOTP with java-otp: HMAC-SHA-1, 6 digits, 30-second steps, 160-bit keys in base32 (BouncyCastle's RFC
 * 4648 encoder, padding dropped as authenticator apps expect). Thread-safe (a generator per call is cheap; java-otp's
 * generators are not documented as thread-safe).
 */
public final class JavaOtpPasswords implements OneTimePasswords {
  private static final String ALG = TimeBasedOneTimePasswordGenerator.TOTP_ALGORITHM_HMAC_SHA1;
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public String newKey() {
    byte[] key = new byte[20];
    RANDOM.nextBytes(key);
    return Base32.toBase32String(key).replace("=", "");
  }

  @Override
  public String code(String base32Key, long step) {
    TimeBasedOneTimePasswordGenerator totp =
        new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(PERIOD_SECONDS), 6, ALG);
    try {
      return totp.generateOneTimePasswordString(
          new SecretKeySpec(decode(base32Key), ALG),
          Instant.ofEpochSecond(Math.multiplyExact(step, PERIOD_SECONDS)));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("unusable TOTP key", e);
    }
  }

  /** Base32 with or without padding, any case. */
  static byte[] decode(String base32) {
    String s = base32.toUpperCase(Locale.ROOT).replace("=", "");
    int pad = (8 - s.length() % 8) % 8;
    return Base32.decode(s + "=".repeat(pad));
  }
}

package org.kith.crypto.password;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.kith.core.account.SecretHasher;

/**
 * HMAC-SHA-256 of server-issued secrets under a 256-bit server key (kept sealed in the database). Unlike a
 * plain hash, a stolen database alone cannot test guesses of short secrets such as six-digit codes.
 * Thread-safe (a {@link Mac} per call).
 */
public final class HmacSecretHasher implements SecretHasher {
  private static final String ALG = "HmacSHA256";
  private final SecretKeySpec key;

  public HmacSecretHasher(byte[] key) {
    if (key.length < 32) {
      throw new IllegalArgumentException("the secret-hashing key needs at least 256 bits");
    }
    this.key = new SecretKeySpec(key.clone(), ALG);
  }

  @Override
  public String hash(String secret) {
    try {
      Mac mac = Mac.getInstance(ALG);
      mac.init(key);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 unavailable", e);
    }
  }
}

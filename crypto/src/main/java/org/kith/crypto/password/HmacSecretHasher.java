package org.kith.crypto.password;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.kith.core.account.SecretHasher;
import org.kith.crypto.keys.KeyFiles;

/**
 * HMAC-SHA-256 of server-issued secrets under a 256-bit server key kept in the data directory. Unlike a
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

  /** The hasher whose key lives in {@code file}, created on first use. */
  public static HmacSecretHasher fromKeyFile(Path file) {
    return new HmacSecretHasher(KeyFiles.readOrCreate(file, () -> {
      byte[] k = new byte[32];
      new SecureRandom().nextBytes(k);
      return k;
    }));
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

package org.kith.crypto.otp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.kith.core.account.SecretSealer;

/**
 * AES-256-GCM under a server key (kept sealed in the database, like the secret-hashing key), a fresh 96-bit IV per
 * value, the context as additional authenticated data. Sealed form: {@code v1.} + base64url(IV ‖ ciphertext ‖ tag).
 * Thread-safe (a {@link Cipher} per call).
 */
public final class AesGcmSecretSealer implements SecretSealer {
  private static final String PREFIX = "v1.";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  public AesGcmSecretSealer(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("the sealing key must have 256 bits");
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  @Override
  public String seal(String plaintext, String context) {
    byte[] iv = new byte[IV_BYTES];
    RANDOM.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[IV_BYTES + sealed.length];
      System.arraycopy(iv, 0, out, 0, IV_BYTES);
      System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
      return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    }
  }

  @Override
  public String open(String sealed, String context) {
    if (!sealed.startsWith(PREFIX)) {
      throw new IllegalStateException("not a sealed value");
    }
    try {
      byte[] in = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
      if (in.length <= IV_BYTES) {
        throw new IllegalStateException("not a sealed value");
      }
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
      c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "the sealed value does not open under this key and context", e);
    }
  }
}

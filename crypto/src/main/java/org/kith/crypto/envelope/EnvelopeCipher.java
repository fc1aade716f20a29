package org.kith.crypto.envelope;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals and opens {@link Envelope}s exactly as browsers' WebCrypto does with {@code RSA-OAEP} (hash SHA-512)
 * wrapping a {@code raw} AES-GCM 256 key: a fresh key and a fresh 96-bit IV per envelope, a 128-bit tag
 * appended to the ciphertext. Uses only the JDK's providers. Thread-safe (ciphers are made per call).
 */
public final class EnvelopeCipher {
  static final OAEPParameterSpec OAEP_SHA512 = new OAEPParameterSpec(
      "SHA-512", "MGF1", MGF1ParameterSpec.SHA512, PSource.PSpecified.DEFAULT);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private EnvelopeCipher() {}

  /** Encrypts {@code plaintext} for the holder of the private half of {@code recipient}. */
  public static Envelope seal(byte[] plaintext, RSAPublicKey recipient) {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256, RANDOM);
      SecretKey aes = generator.generateKey();
      byte[] iv = new byte[12];
      RANDOM.nextBytes(iv);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(Cipher.ENCRYPT_MODE, aes, new GCMParameterSpec(128, iv));
      byte[] data = gcm.doFinal(plaintext);
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.WRAP_MODE, recipient, OAEP_SHA512, RANDOM);
      byte[] wrapped = rsa.wrap(aes);
      return new Envelope(
          B64.encodeToString(data), B64.encodeToString(iv), B64.encodeToString(wrapped));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal the envelope", e);
    }
  }

  /**
   * Decrypts an envelope with the recipient's private key.
   *
   * @throws GeneralSecurityException if the key is not the recipient's or anything was changed
   */
  public static byte[] open(Envelope envelope, RSAPrivateKey recipient)
      throws GeneralSecurityException {
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.UNWRAP_MODE, recipient, OAEP_SHA512);
      SecretKey aes =
          (SecretKey) rsa.unwrap(B64D.decode(envelope.encryptedKey()), "AES", Cipher.SECRET_KEY);
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(aes.getEncoded(), "AES"),
          new GCMParameterSpec(128, B64D.decode(envelope.iv())));
      return gcm.doFinal(B64D.decode(envelope.data()));
    } catch (IllegalArgumentException e) {
      throw new GeneralSecurityException("the envelope is not base64url", e);
    }
  }
}

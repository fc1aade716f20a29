package org.kith.crypto.keys;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.AESDecrypter;
import com.nimbusds.jose.crypto.AESEncrypter;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Seals key material under the installation's key-encryption key (KEK) as a compact JWE: a fresh content key
 * wrapped with AES Key Wrap ({@code A256KW}), the material encrypted with {@code A256GCM}, and the key's name in
 * the protected header, so a sealed value moved to another name does not unseal. The KEK comes from configuration
 * ({@code kith.keys.encryption-key}, 32 bytes in base64) or, on a single node, from an owner-only file in the data
 * directory created on first start. Thread-safe.
 */
public final class KeySealing {
  private static final String NAME = "kith_key";
  private final AESEncrypter encrypter;
  private final AESDecrypter decrypter;

  public KeySealing(byte[] kek) {
    if (kek.length != 32) {
      throw new IllegalArgumentException("the key-encryption key must have 256 bits (32 bytes)");
    }
    try {
      this.encrypter = new AESEncrypter(kek);
      this.decrypter = new AESDecrypter(kek);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("not an AES key", e);
    }
  }

  /**
   * The configured KEK ({@code base64}, standard or URL alphabet), or the one in {@code file}, created on first
   * use.
   */
  public static KeySealing of(@Nullable String configured, Path file) {
    if (configured != null && !configured.isBlank()) {
      byte[] kek;
      try {
        String b64 = configured.strip().replace('-', '+').replace('_', '/');
        kek = Base64.getDecoder().decode(b64);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("kith.keys.encryption-key is not base64", e);
      }
      if (kek.length != 32) {
        throw new IllegalArgumentException(
            "kith.keys.encryption-key must be 32 bytes (256 bits) in base64, not " + kek.length
                + " bytes");
      }
      return new KeySealing(kek);
    }
    return new KeySealing(KeyFiles.readOrCreate(file, InstallationKeys::random256));
  }

  public String seal(String name, byte[] material) {
    JWEObject jwe = new JWEObject(
        new JWEHeader.Builder(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM)
            .customParam(NAME, name)
            .build(),
        new Payload(material));
    try {
      jwe.encrypt(encrypter);
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot seal key " + name, e);
    }
    return jwe.serialize();
  }

  /**
   * The material sealed under {@code name}.
   *
   * @throws IllegalStateException when it was sealed under another KEK or another name, or is damaged
   */
  public byte[] unseal(String name, String sealed) {
    try {
      JWEObject jwe = JWEObject.parse(sealed);
      if (!JWEAlgorithm.A256KW.equals(jwe.getHeader().getAlgorithm())
          || !EncryptionMethod.A256GCM.equals(jwe.getHeader().getEncryptionMethod())
          || !name.equals(jwe.getHeader().getCustomParam(NAME))) {
        throw new IllegalStateException("the stored key " + name + " is not sealed for that name");
      }
      jwe.decrypt(decrypter);
      return jwe.getPayload().toBytes();
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException(
          "the stored key " + name
              + " cannot be unsealed: it was sealed under another key-encryption key"
              + " (every node must have the same kith.keys.encryption-key) or is damaged",
          e);
    }
  }
}

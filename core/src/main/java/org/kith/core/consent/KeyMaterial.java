package org.kith.core.consent;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Port: validation of the key material clients upload for encrypted sharing. Every method throws a 400
 * {@link org.kith.core.Rejected} naming what is wrong; nothing here ever sees a private key in the clear.
 */
public interface KeyMaterial {
  /** An accepted public key: the JWK to store (public members only), its RFC 7638 thumbprint, modulus size. */
  record PublicKeyInfo(Map<String, Object> jwk, String thumbprint, int modulusBytes) {}

  /** An application public key: RSA ≥ 2048 bits, {@code alg RSA-OAEP-512}, {@code key_ops} wrapKey/encrypt. */
  PublicKeyInfo checkPublicKey(@Nullable Object jwk);

  /** A wrapped private key: {@code {encrypted_data:{algorithm, data, iv}, encrypted_key:{encrypted_key}}}. */
  void checkWrappedKeyShape(@Nullable Object wrapped);

  /** An AES key wrapped with RSA-OAEP under a key whose modulus has {@code modulusBytes} bytes. */
  void checkEncryptedKey(@Nullable Object encryptedKey, int modulusBytes, String path);
}

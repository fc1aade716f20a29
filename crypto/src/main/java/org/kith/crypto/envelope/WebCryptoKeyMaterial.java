package org.kith.crypto.envelope;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.math.BigInteger;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.kith.core.FieldError;
import org.kith.core.Rejected;
import org.kith.core.consent.KeyMaterial;

/**
 * Validates the key material clients upload for encrypted sharing. The server only ever holds public keys and
 * opaque wrapped keys; this class checks that they have the one shape Kith's clients use, so nothing else (a
 * private key sent by mistake, a 1024-bit key, a key meant for signing, arbitrary data) is stored. Thread-safe.
 */
public final class WebCryptoKeyMaterial implements KeyMaterial {
  /** Smallest and largest accepted RSA modulus. */
  public static final int MIN_BITS = 2048;

  public static final int MAX_BITS = 8192;
  /** Bounds of a wrapped key's parts (decoded bytes). */
  static final int MAX_DATA_BYTES = 64 * 1024;

  static final int MIN_WRAPPED_KEY_BYTES = 16;
  static final int MAX_WRAPPED_KEY_BYTES = MAX_BITS / 8;
  private static final Pattern BASE64URL = Pattern.compile("[A-Za-z0-9_-]*");
  private static final Set<String> PUBLIC_MEMBERS =
      Set.of("kty", "n", "e", "alg", "key_ops", "use", "ext", "kid");
  private static final Set<KeyOperation> OPERATIONS =
      Set.of(KeyOperation.WRAP_KEY, KeyOperation.ENCRYPT);

  @Override
  public PublicKeyInfo checkPublicKey(@Nullable Object jwk) {
    if (!(jwk instanceof Map<?, ?> map)) {
      throw Rejected.invalid("key", "the key must be a JWK object");
    }
    List<FieldError> errors = new ArrayList<>();
    for (Object member : map.keySet()) {
      if (!PUBLIC_MEMBERS.contains(String.valueOf(member))) {
        errors.add(new FieldError(
            "key/" + member,
            Set.of("d", "p", "q", "dp", "dq", "qi", "oth").contains(member)
                ? "a private key member: upload only the public key"
                : "not a member of an RSA-OAEP public key"));
      }
    }
    if (!errors.isEmpty()) {
      throw Rejected.invalid("the key is not an RSA-OAEP-512 public JWK", errors);
    }
    RSAKey key;
    try {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), v));
      key = RSAKey.parse(copy);
    } catch (ParseException | RuntimeException e) {
      throw Rejected.invalid("key", "not an RSA JWK: " + e.getMessage());
    }
    int bits = key.getModulus().decodeToBigInteger().bitLength();
    BigInteger e = key.getPublicExponent().decodeToBigInteger();
    if (bits < MIN_BITS || bits > MAX_BITS) {
      errors.add(new FieldError(
          "key/n", "the modulus must have " + MIN_BITS + " to " + MAX_BITS + " bits, not " + bits));
    }
    if (e.compareTo(BigInteger.valueOf(3)) < 0 || !e.testBit(0) || e.bitLength() > 32) {
      errors.add(new FieldError(
          "key/e", "the public exponent must be odd, at least 3 and at most 32 bits"));
    }
    if (!JWEAlgorithm.RSA_OAEP_512.equals(key.getAlgorithm())) {
      errors.add(new FieldError("key/alg", "alg must be RSA-OAEP-512 (RSA-OAEP with SHA-512)"));
    }
    Set<KeyOperation> ops = key.getKeyOperations();
    if (ops == null || ops.isEmpty() || !OPERATIONS.containsAll(ops)) {
      errors.add(
          new FieldError("key/key_ops", "key_ops must be [\"wrapKey\"], [\"encrypt\"] or both"));
    }
    if (key.getKeyUse() != null && !KeyUse.ENCRYPTION.equals(key.getKeyUse())) {
      errors.add(new FieldError("key/use", "use, if given, must be enc"));
    }
    if (!errors.isEmpty()) {
      throw Rejected.invalid("the key is not an RSA-OAEP-512 public JWK", errors);
    }
    try {
      Map<String, Object> stored = new LinkedHashMap<>(key.toJSONObject());
      stored.remove("ext");
      return new PublicKeyInfo(stored, key.computeThumbprint().toString(), (bits + 7) / 8);
    } catch (com.nimbusds.jose.JOSEException ex) {
      throw new IllegalStateException("SHA-256 unavailable", ex);
    }
  }

  @Override
  public void checkWrappedKeyShape(@Nullable Object wrapped) {
    checkWrappedKey(wrapped);
  }

  @Override
  public void checkEncryptedKey(@Nullable Object encryptedKey, int modulusBytes, String path) {
    byte[] bytes = base64url(encryptedKey, path, new ArrayList<>());
    if (bytes == null || bytes.length != modulusBytes) {
      throw Rejected.invalid(
          path, "must be base64url of an RSA-OAEP block of " + modulusBytes + " bytes");
    }
  }

  /** Throws a 400 naming every problem unless {@code wrapped} is exactly the envelope shape, within bounds. */
  static void checkWrappedKey(@Nullable Object wrapped) {
    List<FieldError> errors = new ArrayList<>();
    if (!(wrapped instanceof Map<?, ?> m)
        || !m.keySet().equals(Set.of("encrypted_data", "encrypted_key"))) {
      throw Rejected.invalid(
          "the wrapped key must be {encrypted_data, encrypted_key}",
          List.of(new FieldError("key", "expected exactly encrypted_data and encrypted_key")));
    }
    if (!(m.get("encrypted_data") instanceof Map<?, ?> data)
        || !data.keySet().equals(Set.of("algorithm", "data", "iv"))) {
      errors.add(new FieldError("key/encrypted_data", "expected exactly algorithm, data and iv"));
    } else {
      if (!(data.get("algorithm") instanceof Map<?, ?> alg)
          || !alg.keySet().equals(Set.of("name", "length"))
          || !"AES-GCM".equals(alg.get("name"))
          || !(alg.get("length") instanceof Number n)
          || n.doubleValue() != 256) {
        errors.add(new FieldError(
            "key/encrypted_data/algorithm", "must be {\"name\":\"AES-GCM\",\"length\":256}"));
      }
      byte[] bytes = base64url(data.get("data"), "key/encrypted_data/data", errors);
      if (bytes != null && (bytes.length < 17 || bytes.length > MAX_DATA_BYTES)) {
        errors.add(new FieldError(
            "key/encrypted_data/data",
            "AES-GCM ciphertext with its tag: 17 to " + MAX_DATA_BYTES + " bytes"));
      }
      byte[] iv = base64url(data.get("iv"), "key/encrypted_data/iv", errors);
      if (iv != null && iv.length != 12 && iv.length != 16) {
        errors.add(
            new FieldError("key/encrypted_data/iv", "the AES-GCM IV must be 12 (or 16) bytes"));
      }
    }
    if (!(m.get("encrypted_key") instanceof Map<?, ?> key)
        || !key.keySet().equals(Set.of("encrypted_key"))) {
      errors.add(new FieldError("key/encrypted_key", "expected exactly {encrypted_key}"));
    } else {
      byte[] bytes = base64url(key.get("encrypted_key"), "key/encrypted_key/encrypted_key", errors);
      if (bytes != null
          && (bytes.length < MIN_WRAPPED_KEY_BYTES || bytes.length > MAX_WRAPPED_KEY_BYTES)) {
        errors.add(new FieldError(
            "key/encrypted_key/encrypted_key",
            "a wrapped key of " + MIN_WRAPPED_KEY_BYTES + " to " + MAX_WRAPPED_KEY_BYTES
                + " bytes"));
      }
    }
    if (!errors.isEmpty()) {
      throw Rejected.invalid("the wrapped key is not a valid envelope", errors);
    }
  }

  private static byte @Nullable [] base64url(
      @Nullable Object value, String path, List<FieldError> errors) {
    if (!(value instanceof String s)
        || s.isEmpty()
        || s.length() > MAX_DATA_BYTES * 2
        || !BASE64URL.matcher(s).matches()
        || s.length() % 4 == 1) {
      errors.add(new FieldError(path, "must be a non-empty base64url string without padding"));
      return null;
    }
    return Base64.getUrlDecoder().decode(s);
  }
}

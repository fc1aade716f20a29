package org.kith.crypto.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Kith's ES256 signing keys, a private JWK set (kept sealed in the database by {@link SigningKeyRing}). The first
 * key is the current signer; later entries are retired keys that still verify. The {@code kid} of each key
 * is its RFC 7638 thumbprint. Immutable snapshot; thread-safe.
 */
public final class SigningKeys {
  private final JWKSet privateSet;
  private final JWKSet publicSet;

  private SigningKeys(JWKSet privateSet) {
    if (privateSet.getKeys().isEmpty()) {
      throw new IllegalArgumentException("a signing key set needs at least one key");
    }
    for (JWK key : privateSet.getKeys()) {
      if (!(key instanceof ECKey ec)
          || !ec.isPrivate()
          || !Curve.P_256.equals(ec.getCurve())
          || key.getKeyID() == null) {
        throw new IllegalArgumentException(
            "every signing key must be a private P-256 key with a kid");
      }
    }
    this.privateSet = privateSet;
    this.publicSet = privateSet.toPublicJWKSet();
  }

  /** Loads the key set from {@code file}, generating a first P-256 key if the file does not exist. */
  public static SigningKeys loadOrCreate(Path file) {
    byte[] json = KeyFiles.readOrCreate(
        file, () -> new JWKSet(generate()).toString(false).getBytes(StandardCharsets.UTF_8));
    try {
      return new SigningKeys(JWKSet.parse(new String(json, StandardCharsets.UTF_8)));
    } catch (ParseException e) {
      throw new IllegalStateException("the signing key file is not a JWK set", e);
    }
  }

  /** A key set held only in memory (tests, relying-party tools). */
  public static SigningKeys of(JWKSet set) {
    return new SigningKeys(set);
  }

  /** A fresh P-256 key with its thumbprint as {@code kid}. */
  public static ECKey generate() {
    try {
      ECKey key = new ECKeyGenerator(Curve.P_256)
          .keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256)
          .issueTime(Date.from(Instant.now()))
          .generate();
      return new ECKey.Builder(key).keyIDFromThumbprint().build();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an EC key", e);
    }
  }

  /** The key that signs new tokens and records. */
  public ECKey current() {
    return (ECKey) privateSet.getKeys().get(0);
  }

  /** All keys, current first. */
  public List<JWK> all() {
    return privateSet.getKeys();
  }

  /** The public JWK set to publish at {@code /.well-known/jwks.json}. */
  public JWKSet publicSet() {
    return publicSet;
  }

  /** A JWK source over the public keys of whatever set {@code keys} holds at the time of each lookup. */
  public static com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext>
      published(java.util.function.Supplier<SigningKeys> keys) {
    return (selector, context) -> selector.select(keys.get().publicSet());
  }

  /** Whether a key (current or retired) has this kid. */
  public boolean has(String kid) {
    return publicSet.getKeyByKeyId(kid) != null;
  }
}

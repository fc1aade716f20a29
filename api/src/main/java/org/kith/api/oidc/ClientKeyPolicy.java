package org.kith.api.oidc;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.consent.ClientAuth;

/**
 * The one rule for the public keys a client authenticates with ({@code private_key_jwt}), applied to an inline
 * {@code jwks} at registration and to every set fetched from a {@code jwks_uri}: a JWK set of 1 to 10 public keys
 * (no private parts), at most 16 KiB, each an EC P-256 key or an RSA key of at least 2048 bits, for signing (no
 * {@code use} or {@code use: sig}), with distinct {@code kid}s. Client assertions may be signed with exactly
 * {@link #ALGORITHMS}; never {@code none} nor an HMAC.
 */
public final class ClientKeyPolicy {
  /** The algorithms a client assertion may be signed with. */
  public static final List<JWSAlgorithm> ALGORITHMS =
      List.of(JWSAlgorithm.ES256, JWSAlgorithm.RS256, JWSAlgorithm.PS256);

  static final int MAX_KEYS = 10;
  static final int MAX_BYTES = 16 * 1024;

  private ClientKeyPolicy() {}

  /** The client settings of an application request: the inline set checked, or a 400 problem at {@code jwks}. */
  public static ClientAuth check(
      @Nullable Map<String, Object> jwks,
      @Nullable String jwksUri,
      @Nullable Boolean resourceServer) {
    Map<String, Object> keys = null;
    if (jwks != null) {
      try {
        JWKSet set = JWKSet.parse(jwks);
        keys = publicSet(set.toString(false).length(), set).toJSONObject(true);
      } catch (ParseException e) {
        throw Rejected.invalid("jwks", "jwks is not a JWK set");
      } catch (IllegalArgumentException e) {
        throw Rejected.invalid("jwks", e.getMessage());
      }
    }
    return new ClientAuth(keys, jwksUri, Boolean.TRUE.equals(resourceServer));
  }

  /** A fetched set, checked as an inline one; throws {@link IllegalArgumentException} if it breaks the rule. */
  static JWKSet fetched(String body) throws ParseException {
    if (body.length() > MAX_BYTES) {
      throw new IllegalArgumentException("the key set is too large");
    }
    return publicSet(body.length(), JWKSet.parse(body));
  }

  private static JWKSet publicSet(int size, JWKSet set) {
    if (size > MAX_BYTES) {
      throw new IllegalArgumentException("jwks has at most " + MAX_BYTES + " bytes");
    }
    if (set.getKeys().isEmpty() || set.getKeys().size() > MAX_KEYS) {
      throw new IllegalArgumentException("jwks has 1 to " + MAX_KEYS + " keys");
    }
    Set<String> kids = new HashSet<>();
    for (JWK key : set.getKeys()) {
      if (key.isPrivate()) {
        throw new IllegalArgumentException("jwks holds public keys only: remove the private parts");
      }
      if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
        throw new IllegalArgumentException("jwks keys are for signatures (use: sig)");
      }
      boolean ec = key instanceof ECKey e && Curve.P_256.equals(e.getCurve());
      boolean rsa = key instanceof RSAKey r && r.size() >= 2048;
      if (!ec && !rsa) {
        throw new IllegalArgumentException("jwks keys are EC P-256 or RSA of at least 2048 bits");
      }
      if (key.getKeyID() != null && !kids.add(key.getKeyID())) {
        throw new IllegalArgumentException("jwks keys have distinct kid values");
      }
    }
    return set.toPublicJWKSet();
  }
}

package org.kith.crypto.sdjwt;

import com.authlete.sd.Disclosure;
import com.authlete.sd.SDJWT;
import com.authlete.sd.SDObjectDecoder;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.crypto.keys.Es256;

/**
 * Checks SD-JWT presentations ({@code issuer-jwt~disclosure~…~[kb-jwt]}). Strict where RFC 9901 says so and where
 * the libraries are lenient: the issuer JWT must be ES256 with {@code typ dc+sd-jwt} and a {@code kid} of the key
 * set; {@code _sd_alg} must be {@code sha-256}; {@code exp}/{@code nbf}/{@code iat} must hold (60 s skew); every
 * disclosure must be referenced by exactly one digest and appear once (the decoding library silently drops
 * unreferenced ones); with {@code cnf} and an expected nonce a key-binding JWT is required and checked
 * ({@code typ kb+jwt}, ES256 by the {@code cnf} key, {@code sd_hash}, {@code aud}, {@code nonce}, fresh
 * {@code iat}). Failures are {@link Invalid} with a reason safe to show. Thread-safe.
 */
public final class SdJwtVerifier {
  /** Longest presentation accepted. */
  public static final int MAX_LENGTH = 64 * 1024;

  static final Duration SKEW = Duration.ofSeconds(60);
  static final Duration KB_MAX_AGE = Duration.ofMinutes(5);
  private static final JOSEObjectType KB_TYPE = new JOSEObjectType("kb+jwt");
  private final JWKSource<SecurityContext> keys;
  private final Clock clock;

  /** The outcome of a valid presentation: disclosed claims (decoded) and whether a holder proved key binding. */
  public record Verified(Map<String, Object> claims, boolean keyBound) {}

  /** A presentation that does not verify; {@link #getMessage()} says why, without secrets. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String reason) {
      super(reason);
    }
  }

  public SdJwtVerifier(JWKSource<SecurityContext> keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * @param audience the {@code aud} a key-binding JWT must carry (null: no key binding expected)
   * @param nonce the {@code nonce} a key-binding JWT must carry (null: no key binding expected)
   */
  public Verified verify(
      @Nullable String presentation, @Nullable String audience, @Nullable String nonce)
      throws Invalid {
    if (presentation == null || presentation.isEmpty() || presentation.length() > MAX_LENGTH) {
      throw new Invalid("the presentation is empty or longer than " + MAX_LENGTH + " characters");
    }
    SDJWT sd;
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      sd = SDJWT.parse(presentation);
      jwt = SignedJWT.parse(sd.getCredentialJwt());
      claims = jwt.getJWTClaimsSet();
    } catch (RuntimeException | ParseException e) {
      throw new Invalid("the presentation is not an SD-JWT");
    }
    checkIssuerSignature(jwt);
    Instant now = clock.instant();
    checkTimes(claims, now);
    Map<String, Object> payload = claims.toJSONObject();
    Object sdAlg = payload.getOrDefault("_sd_alg", "sha-256");
    if (!"sha-256".equals(sdAlg)) {
      throw new Invalid("unsupported _sd_alg");
    }
    checkDisclosuresReferenced(sd, payload);
    boolean keyBound = checkKeyBinding(sd, payload, audience, nonce, now);
    try {
      return new Verified(new SDObjectDecoder().decode(payload, sd.getDisclosures()), keyBound);
    } catch (RuntimeException e) {
      throw new Invalid("the disclosures cannot be applied");
    }
  }

  private void checkIssuerSignature(SignedJWT jwt) throws Invalid {
    var header = jwt.getHeader();
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())
        || !SdJwtIssuer.TYPE.equals(header.getType())
        || header.getKeyID() == null
        || header.getCriticalParams() != null
        || header.getJWK() != null
        || header.getJWKURL() != null
        || header.getX509CertChain() != null
        || header.getX509CertURL() != null) {
      throw new Invalid("the issuer JWT header is not an ES256 dc+sd-jwt header with a kid");
    }
    JWKSelector selector = new JWKSelector(new JWKMatcher.Builder()
        .keyID(header.getKeyID())
        .keyType(KeyType.EC)
        .curve(Curve.P_256)
        .keyUses(KeyUse.SIGNATURE, null)
        .build());
    try {
      List<JWK> found = keys.get(selector, null);
      if (found.size() != 1 || !jwt.verify(Es256.verifier(found.get(0).toECKey()))) {
        throw new Invalid("the issuer signature does not verify");
      }
    } catch (JOSEException | IllegalStateException e) {
      throw new Invalid("the issuer signature does not verify");
    }
  }

  private static void checkTimes(JWTClaimsSet claims, Instant now) throws Invalid {
    Date exp = claims.getExpirationTime();
    Date nbf = claims.getNotBeforeTime();
    Date iat = claims.getIssueTime();
    if (exp != null && !now.isBefore(exp.toInstant().plus(SKEW))) {
      throw new Invalid("the SD-JWT has expired");
    }
    if (nbf != null && now.plus(SKEW).isBefore(nbf.toInstant())) {
      throw new Invalid("the SD-JWT is not valid yet");
    }
    if (iat != null && now.plus(SKEW).isBefore(iat.toInstant())) {
      throw new Invalid("the SD-JWT was issued in the future");
    }
  }

  private static void checkDisclosuresReferenced(SDJWT sd, Map<String, Object> payload)
      throws Invalid {
    Set<String> digests = new HashSet<>();
    collectDigests(payload, digests);
    for (Disclosure d : sd.getDisclosures()) {
      collectDigests(d.getClaimValue(), digests);
    }
    Set<String> seen = new HashSet<>();
    for (Disclosure d : sd.getDisclosures()) {
      String digest = d.digest("sha-256");
      if (!digests.contains(digest)) {
        throw new Invalid("a disclosure is not referenced by the issuer JWT");
      }
      if (!seen.add(digest)) {
        throw new Invalid("a disclosure appears twice");
      }
    }
  }

  private static void collectDigests(@Nullable Object value, Set<String> out) {
    if (value instanceof Map<?, ?> map) {
      if (map.get("_sd") instanceof List<?> list) {
        for (Object digest : list) {
          if (digest instanceof String s) {
            out.add(s);
          }
        }
      }
      if (map.get("...") instanceof String s) {
        out.add(s);
      }
      for (Object v : map.values()) {
        collectDigests(v, out);
      }
    } else if (value instanceof List<?> list) {
      for (Object v : list) {
        collectDigests(v, out);
      }
    }
  }

  private static boolean checkKeyBinding(
      SDJWT sd,
      Map<String, Object> payload,
      @Nullable String audience,
      @Nullable String nonce,
      Instant now)
      throws Invalid {
    String kbJwt = sd.getBindingJwt();
    boolean expected = audience != null || nonce != null;
    if (kbJwt == null) {
      if (expected) {
        throw new Invalid("a key-binding JWT is required");
      }
      return false;
    }
    if (!(payload.get("cnf") instanceof Map<?, ?> cnf)
        || !(cnf.get("jwk") instanceof Map<?, ?> jwk)) {
      throw new Invalid("a key-binding JWT without a cnf key in the SD-JWT");
    }
    try {
      @SuppressWarnings("unchecked")
      ECKey holder = ECKey.parse((Map<String, Object>) jwk);
      SignedJWT kb = SignedJWT.parse(kbJwt);
      JWTClaimsSet c = kb.getJWTClaimsSet();
      Date iat = c.getIssueTime();
      if (!KB_TYPE.equals(kb.getHeader().getType())
          || !JWSAlgorithm.ES256.equals(kb.getHeader().getAlgorithm())
          || holder.isPrivate()
          || !Curve.P_256.equals(holder.getCurve())
          || !kb.verify(Es256.verifier(holder))) {
        throw new Invalid("the key-binding JWT does not verify with the cnf key");
      }
      if (!sd.getSDHash().equals(c.getStringClaim("sd_hash"))) {
        throw new Invalid("the key-binding JWT's sd_hash does not match the presentation");
      }
      if (iat == null
          || now.plus(SKEW).isBefore(iat.toInstant())
          || now.minus(KB_MAX_AGE).isAfter(iat.toInstant())) {
        throw new Invalid("the key-binding JWT is not fresh");
      }
      if (audience != null
          && (c.getAudience() == null || !c.getAudience().equals(List.of(audience)))) {
        throw new Invalid("the key-binding JWT is for another audience");
      }
      if (nonce != null && !nonce.equals(c.getStringClaim("nonce"))) {
        throw new Invalid("the key-binding JWT has another nonce");
      }
      return true;
    } catch (ParseException | JOSEException | ClassCastException | IllegalStateException e) {
      throw new Invalid("the key-binding JWT is malformed");
    }
  }
}

package org.kith.crypto.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.kith.core.Ids;
import org.kith.core.Rejected;
import org.kith.core.account.IssuedTokens;
import org.kith.core.account.TokenClaims;
import org.kith.core.account.TokenIssuer;
import org.kith.core.account.TokenSubject;
import org.kith.crypto.keys.Es256;
import org.kith.crypto.keys.SigningKeys;

/**
 * Kith's identity and access tokens: JWTs signed with ES256 under the current key of {@link SigningKeys},
 * {@code typ: JWT} and the key's {@code kid} in the header. Verification accepts exactly ES256 with a
 * {@code kid} of our key set (so {@code alg:none}, HS256 with our public key, and foreign keys all fail),
 * our issuer, a {@code token_use} of {@code id} or {@code access}, and an unexpired {@code exp} (60 s
 * skew). Thread-safe.
 *
 * <p>An ECDSA verification costs about a millisecond on the JVM, so verified tokens are remembered (by
 * their exact text, at most {@link #VERIFIED_CACHE_SIZE}) until they expire: a client sending the same token
 * on every request pays for the signature check once. Expiry is still checked on every use, and revocation
 * is checked per request by the caller, outside this cache.
 */
public final class Es256TokenIssuer implements TokenIssuer {
  static final String CLAIM_TOKEN_USE = "token_use";
  static final String CLAIM_ROLES = "roles";
  static final String CLAIM_EMAIL = "email";
  static final String CLAIM_SESSION = "sid";
  static final String CLAIM_AMR = "amr";
  static final String CLAIM_AUTH_TIME = "auth_time";
  /** Tolerated clock difference, as nimbus's claims verifier uses by default. */
  static final int CLOCK_SKEW_SECONDS = 60;

  private final Supplier<SigningKeys> keys;
  private final String issuer;
  private final Duration lifetime;
  private final Clock clock;
  private final DefaultJWTProcessor<SecurityContext> processor;
  private final Cache<String, Verified> verified;

  private record Verified(TokenClaims claims, String kid) {}

  static final int VERIFIED_CACHE_SIZE = 10_000;

  /**
   * @param keys the live key set (read on every signature and verification, so a rotation of a
   *     {@link org.kith.crypto.keys.SigningKeyRing} takes effect at once)
   */
  public Es256TokenIssuer(
      Supplier<SigningKeys> keys, String issuer, Duration lifetime, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.lifetime = lifetime;
    this.clock = clock;
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSVerifierFactory(Es256.verifierFactory());
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, SigningKeys.published(keys)));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "iat", "exp", "jti", CLAIM_TOKEN_USE, CLAIM_EMAIL)) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    processor.setJWTClaimsSetVerifier(claims);
    this.verified = Caffeine.newBuilder()
        .maximumSize(VERIFIED_CACHE_SIZE)
        .expireAfterWrite(lifetime.plusMinutes(2))
        .build();
  }

  @Override
  public IssuedTokens issue(TokenSubject subject) {
    Instant now = clock.instant();
    return new IssuedTokens(sign(subject, "id", now), sign(subject, "access", now), lifetime);
  }

  private String sign(TokenSubject subject, String use, Instant now) {
    ECKey key = keys.get().current();
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
        .type(JOSEObjectType.JWT)
        .keyID(key.getKeyID())
        .build();
    JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(subject.uId())
        .audience(issuer)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(lifetime)))
        .jwtID(Ids.uuid())
        .claim(CLAIM_TOKEN_USE, use)
        .claim(CLAIM_EMAIL, subject.username())
        .claim(CLAIM_ROLES, List.copyOf(subject.roles()))
        .claim(CLAIM_SESSION, subject.sessionId());
    if (!subject.amr().isEmpty()) {
      // RFC 8176 methods of the session's login, and the level they amount to
      builder
          .claim(CLAIM_AMR, subject.amr())
          .claim("acr", org.kith.core.account.AuthenticationMethods.acrOf(subject.amr()));
    }
    if (subject.authTime() != null) {
      // OpenID Connect / RFC 9470: when the login that started the session happened, in epoch
      // seconds
      builder.claim(CLAIM_AUTH_TIME, subject.authTime().getEpochSecond());
    }
    JWTClaimsSet claims = builder.build();
    SignedJWT jwt = new SignedJWT(header, claims);
    try {
      jwt.sign(Es256.signer(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jwt.serialize();
  }

  @Override
  public TokenClaims verify(String compactJwt) {
    Verified known = verified.getIfPresent(compactJwt);
    if (known != null) {
      if (!clock.instant().isBefore(known.claims().expiresAt().plusSeconds(CLOCK_SKEW_SECONDS))
          || !keys.get().has(known.kid())) {
        verified.invalidate(compactJwt);
        throw Rejected.unauthenticated("the token is not valid");
      }
      return known.claims();
    }
    Verified fresh = verifySignatureAndClaims(compactJwt);
    verified.put(compactJwt, fresh);
    return fresh.claims();
  }

  private Verified verifySignatureAndClaims(String compactJwt) {
    try {
      SignedJWT jwt = SignedJWT.parse(compactJwt);
      if (jwt.getHeader().getKeyID() == null) {
        throw Rejected.unauthenticated("the token has no key id");
      }
      JWTClaimsSet c = processor.process(jwt, null);
      String use = c.getStringClaim(CLAIM_TOKEN_USE);
      if (!"id".equals(use) && !"access".equals(use)) {
        throw Rejected.unauthenticated("not an identity or access token");
      }
      List<String> roles = c.getStringListClaim(CLAIM_ROLES);
      return new Verified(
          new TokenClaims(
              c.getSubject(),
              c.getStringClaim(CLAIM_EMAIL),
              roles == null ? Set.of() : new HashSet<>(roles),
              c.getStringClaim(CLAIM_SESSION),
              c.getIssueTime().toInstant(),
              c.getExpirationTime().toInstant()),
          jwt.getHeader().getKeyID());
    } catch (ParseException | BadJOSEException | JOSEException | ClassCastException e) {
      throw Rejected.unauthenticated("the token is not valid");
    }
  }

  @Override
  public Duration lifetime() {
    return lifetime;
  }
}

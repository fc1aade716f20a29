package org.kith.crypto.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.AMR;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.SessionID;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.kith.core.Rejected;
import org.kith.core.oidc.GrantedAccess;
import org.kith.core.oidc.IdentityAssertion;
import org.kith.core.oidc.RelyingPartyTokens;
import org.kith.crypto.keys.Es256;
import org.kith.crypto.keys.SigningKeys;

/**
 * The tokens Kith issues to relying parties, ES256 under the current key of {@link SigningKeys} with its {@code kid}:
 * access tokens as RFC 9068 JWTs ({@code typ: at+jwt}; {@code iss}, {@code exp}, {@code aud}, {@code sub},
 * {@code client_id}, {@code iat}, {@code jti}, {@code scope}, {@code cnf.jkt} when DPoP-bound, and the consent grant
 * as {@code grant_id}) and OpenID Connect ID tokens ({@code typ: JWT}, {@code aud} the client, {@code nonce},
 * {@code auth_time}, {@code acr}, {@code amr}, {@code at_hash}, {@code sid}). Verification of access tokens accepts
 * exactly ES256 with a {@code kid} of our key set, {@code typ: at+jwt}, our issuer as issuer and audience, and an
 * unexpired {@code exp}; Kith's own tokens ({@code typ: JWT}) are refused, as {@link Es256TokenIssuer} refuses these.
 *
 * <p>As {@link Es256TokenIssuer} does, access tokens whose signature verified (and those just signed here) are
 * remembered by their exact text, at most {@link #VERIFIED_CACHE_SIZE}, each until its {@code exp}: a token's
 * signature is checked once, not at every call. Expiry and the key's presence in the key set are still checked on
 * every use; revocation (the grant, the consent instance) is the caller's per-request check, outside this cache.
 * Thread-safe.
 */
public final class Es256RelyingPartyTokens implements RelyingPartyTokens {
  static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
  static final String CLAIM_CLIENT_ID = "client_id";
  static final String CLAIM_SCOPE = "scope";
  static final String CLAIM_GRANT = "grant_id";
  static final String CLAIM_CNF = "cnf";

  private final Supplier<SigningKeys> keys;
  private final String issuer;
  private final DefaultJWTProcessor<SecurityContext> accessTokens;
  private final Clock clock;
  private final Cache<String, Verified> verified;

  private record Verified(GrantedAccess access, String kid) {}

  static final int VERIFIED_CACHE_SIZE = 10_000;

  /**
   * @param keys the live key set (read on every signature and verification)
   * @param issuer the OpenID Provider's issuer URL ({@code kith.issuer-url})
   */
  public Es256RelyingPartyTokens(Supplier<SigningKeys> keys, String issuer, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
    this.verified = Caffeine.newBuilder()
        .maximumSize(VERIFIED_CACHE_SIZE)
        .expireAfter(Expiry.<String, Verified>creating((token, v) ->
            Duration.ofMillis(Math.max(0, v.access().expiresAt().toEpochMilli() - clock.millis()))))
        .build();
    this.accessTokens = new DefaultJWTProcessor<>();
    accessTokens.setJWSVerifierFactory(Es256.verifierFactory());
    accessTokens.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(AT_JWT));
    accessTokens.setJWSKeySelector(
        new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, SigningKeys.published(keys)));
    accessTokens.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            issuer,
            new JWTClaimsSet.Builder().issuer(issuer).build(),
            Set.of("sub", "iat", "exp", "jti", CLAIM_CLIENT_ID, CLAIM_GRANT)) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        });
  }

  @Override
  public String accessToken(GrantedAccess a) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .subject(a.subject())
        .audience(issuer)
        .issueTime(Date.from(a.issuedAt()))
        .expirationTime(Date.from(a.expiresAt()))
        .jwtID(a.tokenId())
        .claim(CLAIM_CLIENT_ID, a.clientId())
        .claim(CLAIM_GRANT, a.grantId())
        .claim(CLAIM_SCOPE, String.join(" ", a.scopes().stream().sorted().toList()));
    if (a.dpopThumbprint() != null) {
      claims.claim(CLAIM_CNF, Map.of("jkt", a.dpopThumbprint()));
    }
    ECKey key = keys.get().current();
    String token = sign(key, AT_JWT, claims.build());
    verified.put(token, new Verified(a, key.getKeyID()));
    return token;
  }

  @Override
  public String idToken(IdentityAssertion a, String accessToken) {
    IDTokenClaimsSet claims = new IDTokenClaimsSet(
        new Issuer(issuer),
        new Subject(a.subject()),
        List.of(new Audience(a.clientId())),
        Date.from(a.expiresAt()),
        Date.from(a.issuedAt()));
    claims.setAuthenticationTime(Date.from(a.authTime()));
    if (a.nonce() != null) {
      claims.setNonce(new Nonce(a.nonce()));
    }
    if (a.sid() != null) {
      claims.setSessionID(new SessionID(a.sid()));
    }
    claims.setACR(new ACR(a.acr()));
    claims.setAMR(a.amr().stream().map(AMR::new).toList());
    claims.setAccessTokenHash(AccessTokenHash.compute(
        new BearerAccessToken(accessToken), JWSAlgorithm.ES256, Curve.P_256));
    try {
      return sign(keys.get().current(), JOSEObjectType.JWT, claims.toJWTClaimsSet());
    } catch (ParseException e) {
      throw new IllegalStateException("an ID token's claims did not form a JWT claims set", e);
    }
  }

  private static String sign(ECKey key, JOSEObjectType type, JWTClaimsSet claims) {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(type)
            .keyID(key.getKeyID())
            .build(),
        claims);
    try {
      jwt.sign(Es256.signer(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("signing failed", e);
    }
    return jwt.serialize();
  }

  @Override
  public GrantedAccess verifyAccessToken(String compactJwt) {
    Verified known = verified.getIfPresent(compactJwt);
    if (known != null) {
      if (!clock.instant().isBefore(known.access().expiresAt()) || !keys.get().has(known.kid())) {
        verified.invalidate(compactJwt);
        throw Rejected.unauthenticated("the access token is not valid");
      }
      return known.access();
    }
    Verified fresh = verifySignatureAndClaims(compactJwt);
    verified.put(compactJwt, fresh);
    return fresh.access();
  }

  private Verified verifySignatureAndClaims(String compactJwt) {
    try {
      SignedJWT jwt = SignedJWT.parse(compactJwt);
      if (jwt.getHeader().getKeyID() == null) {
        throw Rejected.unauthenticated("the access token is not valid");
      }
      JWTClaimsSet c = accessTokens.process(jwt, null);
      String scope = c.getStringClaim(CLAIM_SCOPE);
      Map<String, Object> cnf = c.getJSONObjectClaim(CLAIM_CNF);
      Object jkt = cnf == null ? null : cnf.get("jkt");
      return new Verified(
          new GrantedAccess(
              c.getSubject(),
              c.getStringClaim(CLAIM_CLIENT_ID),
              c.getStringClaim(CLAIM_GRANT),
              scope == null || scope.isBlank()
                  ? Set.of()
                  : new HashSet<>(List.of(scope.split(" "))),
              jkt instanceof String s ? s : null,
              c.getJWTID(),
              c.getIssueTime().toInstant(),
              c.getExpirationTime().toInstant()),
          jwt.getHeader().getKeyID());
    } catch (java.text.ParseException | BadJOSEException | JOSEException | ClassCastException e) {
      throw Rejected.unauthenticated("the access token is not valid");
    }
  }
}

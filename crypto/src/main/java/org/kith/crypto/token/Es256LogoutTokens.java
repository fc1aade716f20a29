package org.kith.crypto.token;

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
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.kith.core.Rejected;
import org.kith.core.oidc.LogoutTokens;
import org.kith.crypto.keys.Es256;
import org.kith.crypto.keys.SigningKeys;

/**
 * {@link LogoutTokens} under the key set of {@link SigningKeys}, ES256 with the {@code kid}. A hint is accepted when
 * it is an ID token of this issuer ({@code typ: JWT}, a {@code kid} of the key set, the signature, {@code iss}); its
 * {@code exp} is not checked (a relying party may ask to log out after its ID token expired). Logout tokens are
 * {@code typ: logout+jwt} with {@code iss}, {@code aud}, {@code iat}, {@code exp} (two minutes), {@code jti},
 * {@code sub}, {@code sid} and the back-channel logout event, and never a {@code nonce}. Thread-safe.
 */
public final class Es256LogoutTokens implements LogoutTokens {
  static final JOSEObjectType LOGOUT_JWT = new JOSEObjectType("logout+jwt");
  static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
  private static final Duration LIFETIME = Duration.ofMinutes(2);

  private final Supplier<SigningKeys> keys;
  private final String issuer;
  private final DefaultJWTProcessor<SecurityContext> hints;

  public Es256LogoutTokens(Supplier<SigningKeys> keys, String issuer) {
    this.keys = keys;
    this.issuer = issuer;
    this.hints = new DefaultJWTProcessor<>();
    hints.setJWSVerifierFactory(Es256.verifierFactory());
    hints.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
    hints.setJWSKeySelector(
        new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, SigningKeys.published(keys)));
    hints.setJWTClaimsSetVerifier(
        new DefaultJWTClaimsVerifier<>(
            new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "aud", "auth_time")) {
          @Override
          public void verify(JWTClaimsSet claims, SecurityContext context)
              throws com.nimbusds.jwt.proc.BadJWTException {
            // the hint's exp and nbf are not checked, but everything else is: only the clock
            // comparison is skipped
            super.verify(
                new JWTClaimsSet.Builder(claims)
                    .expirationTime(null)
                    .notBeforeTime(null)
                    .build(),
                context);
          }
        });
  }

  @Override
  public Hint hint(String idToken) {
    try {
      SignedJWT jwt = SignedJWT.parse(idToken);
      if (jwt.getHeader().getKeyID() == null) {
        throw refused();
      }
      JWTClaimsSet c = hints.process(jwt, null);
      return new Hint(c.getSubject(), c.getAudience(), c.getStringClaim("sid"));
    } catch (java.text.ParseException
        | BadJOSEException
        | JOSEException
        | IllegalArgumentException e) {
      throw refused();
    }
  }

  private static Rejected refused() {
    return Rejected.invalid(
        "id_token_hint", "the id_token_hint is not an ID token issued by this provider");
  }

  @Override
  public String logoutToken(Notice n) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(List.of(n.clientId()))
        .issueTime(Date.from(n.issuedAt()))
        .expirationTime(Date.from(n.issuedAt().plus(LIFETIME)))
        .jwtID(n.jti())
        .subject(n.subject())
        .claim("sid", n.sid())
        .claim("events", Map.of(EVENT, Map.of()))
        .build();
    ECKey key = keys.get().current();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(LOGOUT_JWT)
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
}

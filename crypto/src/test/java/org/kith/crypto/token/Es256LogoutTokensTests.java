package org.kith.crypto.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.Rejected;
import org.kith.core.oidc.GrantedAccess;
import org.kith.core.oidc.IdentityAssertion;
import org.kith.core.oidc.LogoutTokens;
import org.kith.crypto.keys.SigningKeys;

class Es256LogoutTokensTests {
  static final String ISSUER = "https://kith.example";
  static final ECKey KEY = SigningKeys.generate();
  static final SigningKeys KEYS = SigningKeys.of(new JWKSet(KEY));
  final Es256LogoutTokens logout = new Es256LogoutTokens(() -> KEYS, ISSUER);

  static String idToken(SigningKeys keys, String issuer, Instant issued, Instant expires) {
    Es256RelyingPartyTokens tokens =
        new Es256RelyingPartyTokens(() -> keys, issuer, Clock.fixed(issued, ZoneOffset.UTC));
    String at = tokens.accessToken(
        new GrantedAccess("sub-1", "aa_client", "g", Set.of("openid"), null, "j", issued, expires));
    return tokens.idToken(
        new IdentityAssertion(
            "sub-1",
            "aa_client",
            null,
            issued,
            "urn:kith:acr:password",
            List.of("pwd"),
            issued,
            expires,
            "sid-1"),
        at);
  }

  @Test
  @DisplayName("a hint is read when Kith signed it, even after it expired")
  void expiredHintAccepted() {
    Instant longAgo = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    LogoutTokens.Hint hint = logout.hint(idToken(KEYS, ISSUER, longAgo, longAgo.plusSeconds(300)));
    assertThat(hint.subject()).isEqualTo("sub-1");
    assertThat(hint.audience()).containsExactly("aa_client");
    assertThat(hint.sid()).isEqualTo("sid-1");
  }

  @Test
  @DisplayName(
      "a hint signed by another key, of another issuer, altered, or an access token is refused")
  void badHintsRefused() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String good = idToken(KEYS, ISSUER, now, now.plusSeconds(300));
    SigningKeys other = SigningKeys.of(new JWKSet(SigningKeys.generate()));
    String[] parts = good.split("\\.");
    String altered =
        parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
    String access = new Es256RelyingPartyTokens(() -> KEYS, ISSUER, Clock.systemUTC())
        .accessToken(new GrantedAccess(
            "sub-1", "aa_client", "g", Set.of("openid"), null, "j", now, now.plusSeconds(300)));
    for (String bad : List.of(
        idToken(other, ISSUER, now, now.plusSeconds(300)),
        idToken(KEYS, "https://evil.example", now, now.plusSeconds(300)),
        altered,
        access,
        "x.y.z",
        "")) {
      assertThatThrownBy(() -> logout.hint(bad)).isInstanceOf(Rejected.class);
    }
  }

  @Test
  @DisplayName(
      "a logout token is typ logout+jwt with iss, aud, iat, jti, sid, sub and the event, and no nonce")
  void logoutTokenValidates() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String jwt =
        logout.logoutToken(new LogoutTokens.Notice("aa_client", "sub-1", "sid-1", "jti-1", now));
    LogoutTokenValidator validator = new LogoutTokenValidator(
        new Issuer(ISSUER),
        new ClientID("aa_client"),
        true,
        new JWSVerificationKeySelector<SecurityContext>(
            JWSAlgorithm.ES256, new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK()))),
        null);
    LogoutTokenClaimsSet claims = validator.validate(SignedJWT.parse(jwt));
    assertThat(claims.getSessionID().getValue()).isEqualTo("sid-1");
    assertThat(claims.getSubject().getValue()).isEqualTo("sub-1");
    assertThat(claims.getJWTID().getValue()).isEqualTo("jti-1");
    assertThat(SignedJWT.parse(jwt).getJWTClaimsSet().getClaim("nonce")).isNull();
    assertThat(SignedJWT.parse(jwt).getHeader().getKeyID()).isEqualTo(KEY.getKeyID());
  }
}

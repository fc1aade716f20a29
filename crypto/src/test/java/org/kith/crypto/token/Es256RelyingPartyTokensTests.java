package org.kith.crypto.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.Rejected;
import org.kith.core.account.TokenSubject;
import org.kith.core.oidc.GrantedAccess;
import org.kith.core.oidc.IdentityAssertion;
import org.kith.crypto.keys.SigningKeys;

@DisplayName("tokens for relying parties: RFC 9068 access tokens and OpenID Connect ID tokens")
class Es256RelyingPartyTokensTests {
  static final String ISSUER = "https://kith.example";
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final ECKey KEY = SigningKeys.generate();
  static final SigningKeys KEYS = SigningKeys.of(new JWKSet(KEY));
  final Es256RelyingPartyTokens tokens = new Es256RelyingPartyTokens(() -> KEYS, ISSUER, CLOCK);

  static GrantedAccess access(String jkt, Instant expires) {
    return new GrantedAccess(
        "pairwise-sub",
        "aa_client",
        "instance-1",
        Set.of("openid", "profile"),
        jkt,
        "jti-1",
        NOW,
        expires);
  }

  @Test
  @DisplayName(
      "an access token is typed at+jwt, names its key, and carries the RFC 9068 claims back unchanged")
  void accessTokenRoundTrip() throws Exception {
    GrantedAccess a = access(null, NOW.plusSeconds(300));
    String jwt = tokens.accessToken(a);
    SignedJWT parsed = SignedJWT.parse(jwt);
    assertThat(parsed.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(parsed.getHeader().getKeyID()).isEqualTo(KEY.getKeyID());
    assertThat(parsed.getJWTClaimsSet().getClaims())
        .containsKeys("iss", "exp", "aud", "sub", "client_id", "iat", "jti", "scope")
        .doesNotContainKey("cnf");
    assertThat(parsed.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("openid profile");
    assertThat(tokens.verifyAccessToken(jwt)).isEqualTo(a);
  }

  @Test
  @DisplayName("a DPoP-bound access token carries cnf.jkt")
  void dpopBound() throws Exception {
    String jwt = tokens.accessToken(access("thumbprint-1", NOW.plusSeconds(300)));
    assertThat(SignedJWT.parse(jwt).getJWTClaimsSet().getJSONObjectClaim("cnf"))
        .containsEntry("jkt", "thumbprint-1");
    assertThat(tokens.verifyAccessToken(jwt).dpopThumbprint()).isEqualTo("thumbprint-1");
  }

  @Test
  @DisplayName("expired, foreign-key, other-issuer and tampered access tokens are refused with 401")
  void refusals() {
    assertThatThrownBy(
            () -> tokens.verifyAccessToken(tokens.accessToken(access(null, NOW.minusSeconds(120)))))
        .isInstanceOf(Rejected.class);
    SigningKeys other = SigningKeys.of(new JWKSet(SigningKeys.generate()));
    String foreign = new Es256RelyingPartyTokens(() -> other, ISSUER, CLOCK)
        .accessToken(access(null, NOW.plusSeconds(300)));
    assertThatThrownBy(() -> tokens.verifyAccessToken(foreign)).isInstanceOf(Rejected.class);
    String elsewhere = new Es256RelyingPartyTokens(() -> KEYS, "https://evil.example", CLOCK)
        .accessToken(access(null, NOW.plusSeconds(300)));
    assertThatThrownBy(() -> tokens.verifyAccessToken(elsewhere)).isInstanceOf(Rejected.class);
    String good = tokens.accessToken(access(null, NOW.plusSeconds(300)));
    String[] parts = good.split("\\.");
    String tampered =
        parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
    assertThatThrownBy(() -> tokens.verifyAccessToken(tampered)).isInstanceOf(Rejected.class);
    assertThatThrownBy(() -> tokens.verifyAccessToken("not a jwt")).isInstanceOf(Rejected.class);
  }

  @Test
  @DisplayName(
      "a remembered verification still ends at the token's exp and when its key leaves the key set")
  void rememberedVerifications() {
    java.util.concurrent.atomic.AtomicReference<Instant> now =
        new java.util.concurrent.atomic.AtomicReference<>(NOW);
    Clock moving = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
    java.util.concurrent.atomic.AtomicReference<SigningKeys> keys =
        new java.util.concurrent.atomic.AtomicReference<>(
            SigningKeys.of(new JWKSet(List.of(KEY, SigningKeys.generate()))));
    Es256RelyingPartyTokens signer = new Es256RelyingPartyTokens(keys::get, ISSUER, moving);
    Es256RelyingPartyTokens verifier = new Es256RelyingPartyTokens(keys::get, ISSUER, moving);
    GrantedAccess a = access(null, NOW.plusSeconds(300));
    String jwt = signer.accessToken(a);
    // remembered by the signer when signed, by the verifier when first verified
    assertThat(signer.verifyAccessToken(jwt)).isEqualTo(a);
    assertThat(verifier.verifyAccessToken(jwt)).isEqualTo(a);
    assertThat(verifier.verifyAccessToken(jwt)).isEqualTo(a);
    now.set(NOW.plusSeconds(300));
    assertThatThrownBy(() -> signer.verifyAccessToken(jwt)).isInstanceOf(Rejected.class);
    assertThatThrownBy(() -> verifier.verifyAccessToken(jwt)).isInstanceOf(Rejected.class);
    now.set(NOW);
    String second = signer.accessToken(a);
    assertThat(verifier.verifyAccessToken(second)).isEqualTo(a);
    keys.set(SigningKeys.of(new JWKSet(SigningKeys.generate())));
    assertThatThrownBy(() -> signer.verifyAccessToken(second)).isInstanceOf(Rejected.class);
    assertThatThrownBy(() -> verifier.verifyAccessToken(second)).isInstanceOf(Rejected.class);
  }

  @Test
  @DisplayName(
      "Kith's own tokens are not relying-party access tokens, and relying-party tokens open no Kith API")
  void noConfusionWithKithTokens() {
    Es256TokenIssuer kith = new Es256TokenIssuer(() -> KEYS, ISSUER, Duration.ofMinutes(5), CLOCK);
    String own =
        kith.issue(new TokenSubject("u1", "a@b.example", Set.of(), "s1")).accessToken();
    assertThatThrownBy(() -> tokens.verifyAccessToken(own)).isInstanceOf(Rejected.class);
    String rp = tokens.accessToken(access(null, NOW.plusSeconds(300)));
    assertThatThrownBy(() -> kith.verify(rp)).isInstanceOf(Rejected.class);
  }

  @Test
  @DisplayName(
      "an ID token passes the Nimbus relying-party validator: audience, nonce, auth_time, acr, amr, at_hash")
  void idTokenValidates() throws Exception {
    // the validator checks exp and iat against the real clock
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String at = tokens.accessToken(access(null, NOW.plusSeconds(300)));
    IdentityAssertion a = new IdentityAssertion(
        "pairwise-sub",
        "aa_client",
        "n-0S6_WzA2Mj",
        now.minusSeconds(30),
        "urn:kith:acr:password",
        List.of("pwd"),
        now,
        now.plusSeconds(300),
        "sid-1");
    String idToken = tokens.idToken(a, at);
    IDTokenValidator validator = new IDTokenValidator(
        new Issuer(ISSUER),
        new ClientID("aa_client"),
        JWSAlgorithm.ES256,
        new JWKSet(KEY.toPublicJWK()));
    IDTokenClaimsSet claims =
        validator.validate(SignedJWT.parse(idToken), new Nonce("n-0S6_WzA2Mj"));
    assertThat(claims.getSubject().getValue()).isEqualTo("pairwise-sub");
    assertThat(claims.getSessionID().getValue()).isEqualTo("sid-1");
    assertThat(claims.getAuthenticationTime().toInstant()).isEqualTo(now.minusSeconds(30));
    assertThat(claims.getACR().getValue()).isEqualTo("urn:kith:acr:password");
    assertThat(claims.getAMR()).extracting(Object::toString).containsExactly("pwd");
    AccessTokenValidator.validate(
        new BearerAccessToken(at), JWSAlgorithm.ES256, claims.getAccessTokenHash());
    assertThatThrownBy(() -> validator.validate(SignedJWT.parse(idToken), new Nonce("another")))
        .hasMessageContaining("nonce");
    assertThatThrownBy(() -> AccessTokenValidator.validate(
            new BearerAccessToken(at + "x"), JWSAlgorithm.ES256, claims.getAccessTokenHash()))
        .isNotNull();
  }
}

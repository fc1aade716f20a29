package org.kith.crypto.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.account.IssuedTokens;
import org.kith.core.account.TokenClaims;
import org.kith.core.account.TokenSubject;
import org.kith.crypto.keys.SigningKeys;

@DisplayName("ES256 identity and access tokens")
class Es256TokenIssuerTests {
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final ECKey KEY = SigningKeys.generate();
  static final SigningKeys KEYS = SigningKeys.of(new JWKSet(KEY));
  static final TokenSubject ALICE =
      new TokenSubject("u-1", "alice@example.org", Set.of("user"), "family-1");

  static Es256TokenIssuer issuer(Instant now) {
    return new Es256TokenIssuer(
        () -> KEYS, "kith", Duration.ofMinutes(15), Clock.fixed(now, ZoneOffset.UTC));
  }

  static JWTClaimsSet.Builder validClaims() {
    return new JWTClaimsSet.Builder()
        .issuer("kith")
        .subject("u-1")
        .audience("kith")
        .issueTime(Date.from(NOW))
        .expirationTime(Date.from(NOW.plusSeconds(900)))
        .jwtID("j-1")
        .claim("token_use", "access")
        .claim("email", "alice@example.org")
        .claim("roles", List.of("user"))
        .claim("sid", "family-1");
  }

  static String sign(ECKey key, JWSHeader header, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(header, claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  static JWSHeader.Builder header(String kid) {
    return new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(kid);
  }

  static void assertRejected(String token) {
    assertThatThrownBy(() -> issuer(NOW).verify(token))
        .isInstanceOfSatisfying(
            Rejected.class, r -> assertThat(r.kind()).isEqualTo(ProblemKind.UNAUTHENTICATED));
  }

  @Nested
  @DisplayName("issuing")
  class Issuing {
    @Test
    @DisplayName("states the login's RFC 8176 methods (amr) when given, and no amr claim otherwise")
    void amr() throws Exception {
      TokenSubject passkey =
          new TokenSubject("u-1", "alice@example.org", Set.of("user"), "f", List.of("hwk", "user"));
      IssuedTokens tokens = issuer(NOW).issue(passkey);
      assertThat(SignedJWT.parse(tokens.accessToken()).getJWTClaimsSet().getStringListClaim("amr"))
          .containsExactly("hwk", "user");
      assertThat(SignedJWT.parse(issuer(NOW).issue(ALICE).accessToken())
              .getJWTClaimsSet()
              .getClaim("amr"))
          .isNull();
    }

    @Test
    @DisplayName(
        "states the session's login time (auth_time, epoch seconds) when given, and none otherwise")
    void authTime() throws Exception {
      Instant login = NOW.minusSeconds(3600);
      TokenSubject subject =
          new TokenSubject("u-1", "alice@example.org", Set.of("user"), "f", List.of("pwd"), login);
      IssuedTokens tokens = issuer(NOW).issue(subject);
      for (String t : List.of(tokens.identityToken(), tokens.accessToken())) {
        assertThat(SignedJWT.parse(t).getJWTClaimsSet().getLongClaim("auth_time"))
            .isEqualTo(login.getEpochSecond());
      }
      assertThat(SignedJWT.parse(issuer(NOW).issue(ALICE).accessToken())
              .getJWTClaimsSet()
              .getClaim("auth_time"))
          .isNull();
    }

    @Test
    @DisplayName("signs an identity and an access token with kid, claims and a 15-minute lifetime")
    void issues() throws Exception {
      IssuedTokens tokens = issuer(NOW).issue(ALICE);
      for (String t : List.of(tokens.identityToken(), tokens.accessToken())) {
        SignedJWT jwt = SignedJWT.parse(t);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(KEY.computeThumbprint().toString());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertThat(c.getSubject()).isEqualTo("u-1");
        assertThat(c.getStringClaim("email")).isEqualTo("alice@example.org");
        assertThat(c.getStringListClaim("roles")).containsExactly("user");
        assertThat(c.getJWTID()).isNotBlank();
        assertThat(Duration.between(
                c.getIssueTime().toInstant(), c.getExpirationTime().toInstant()))
            .isEqualTo(Duration.ofMinutes(15));
        assertThat(jwt.verify(new ECDSAVerifier(KEY.toPublicJWK()))).isTrue();
      }
      assertThat(
              SignedJWT.parse(tokens.identityToken()).getJWTClaimsSet().getStringClaim("token_use"))
          .isEqualTo("id");
      assertThat(
              SignedJWT.parse(tokens.accessToken()).getJWTClaimsSet().getStringClaim("token_use"))
          .isEqualTo("access");
    }

    @Test
    @DisplayName("verifies its own tokens within their lifetime")
    void roundTrip() {
      IssuedTokens tokens = issuer(NOW).issue(ALICE);
      TokenClaims claims = issuer(NOW.plusSeconds(60)).verify(tokens.accessToken());
      assertThat(claims.uId()).isEqualTo("u-1");
      assertThat(claims.sessionId()).isEqualTo("family-1");
      assertThat(issuer(NOW).verify(tokens.identityToken()).username())
          .isEqualTo("alice@example.org");
    }
  }

  @Nested
  @DisplayName("verification rejects")
  class Rejects {
    @Test
    @DisplayName("expired tokens")
    void expired() {
      String token = issuer(NOW).issue(ALICE).accessToken();
      assertThatThrownBy(() -> issuer(NOW.plus(Duration.ofMinutes(17))).verify(token))
          .isInstanceOf(Rejected.class);
    }

    @Test
    @DisplayName("a token verified (and remembered) earlier, once it has expired")
    void expiredAfterCaching() {
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
      Es256TokenIssuer issuer =
          new Es256TokenIssuer(() -> KEYS, "kith", Duration.ofMinutes(15), moving);
      String token = issuer.issue(ALICE).accessToken();
      assertThat(issuer.verify(token).uId()).isEqualTo("u-1");
      assertThat(issuer.verify(token).uId()).isEqualTo("u-1");
      now.set(NOW.plus(Duration.ofMinutes(17)));
      assertThatThrownBy(() -> issuer.verify(token)).isInstanceOf(Rejected.class);
    }

    @Test
    @DisplayName("alg:none")
    void none() {
      assertRejected(new PlainJWT(validClaims().build()).serialize());
    }

    @Test
    @DisplayName("HS256 keyed with our public key (algorithm confusion)")
    void algorithmConfusion() throws Exception {
      SignedJWT jwt = new SignedJWT(
          new JWSHeader.Builder(JWSAlgorithm.HS256)
              .type(JOSEObjectType.JWT)
              .keyID(KEY.getKeyID())
              .build(),
          validClaims().build());
      byte[] secret = KEY.toPublicJWK().toJSONString().repeat(2).getBytes(StandardCharsets.UTF_8);
      jwt.sign(new MACSigner(secret));
      assertRejected(jwt.serialize());
    }

    @Test
    @DisplayName("a foreign key presenting our kid")
    void foreignKeyWithOurKid() throws Exception {
      assertRejected(sign(
          SigningKeys.generate(), header(KEY.getKeyID()).build(), validClaims().build()));
    }

    @Test
    @DisplayName("an unknown kid and a missing kid")
    void kid() throws Exception {
      assertRejected(sign(KEY, header("someone-else").build(), validClaims().build()));
      assertRejected(sign(
          KEY,
          new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).build(),
          validClaims().build()));
    }

    @Test
    @DisplayName("another issuer, a missing claim, and an unknown token_use")
    void claims() throws Exception {
      assertThat(issuer(NOW)
              .verify(sign(KEY, header(KEY.getKeyID()).build(), validClaims().build()))
              .uId())
          .isEqualTo("u-1");
      assertRejected(
          sign(KEY, header(KEY.getKeyID()).build(), validClaims().issuer("evil").build()));
      assertRejected(
          sign(KEY, header(KEY.getKeyID()).build(), validClaims().jwtID(null).build()));
      assertRejected(sign(
          KEY,
          header(KEY.getKeyID()).build(),
          validClaims().claim("token_use", "refresh").build()));
    }

    @Test
    @DisplayName("a changed payload and garbage")
    void tampered() throws Exception {
      String token = issuer(NOW).issue(ALICE).accessToken();
      String[] parts = token.split("\\.");
      String forged = parts[0] + "."
          + validClaims().subject("u-2").build().toString().hashCode() + "." + parts[2];
      assertRejected(forged);
      String swapped = parts[0] + "."
          + SignedJWT.parse(issuer(NOW)
                  .issue(new TokenSubject("u-2", "b@example.org", Set.of("user", "admin"), "f"))
                  .accessToken())
              .getParsedParts()[1]
          + "." + parts[2];
      assertRejected(swapped);
      assertRejected("not.a.jwt");
      assertRejected("");
    }
  }

  @Nested
  @DisplayName("keys")
  class Keys {
    @Test
    @DisplayName("a retired key keeps verifying after rotation")
    void retired() throws Exception {
      ECKey next = SigningKeys.generate();
      String old = issuer(NOW).issue(ALICE).accessToken();
      Es256TokenIssuer rotated = new Es256TokenIssuer(
          () -> SigningKeys.of(new JWKSet(List.of(next, KEY))),
          "kith",
          Duration.ofMinutes(15),
          Clock.fixed(NOW, ZoneOffset.UTC));
      assertThat(rotated.verify(old).uId()).isEqualTo("u-1");
      assertThat(SignedJWT.parse(rotated.issue(ALICE).accessToken()).getHeader().getKeyID())
          .isEqualTo(next.getKeyID());
    }

    @Test
    @DisplayName(
        "RFC 7515 appendix A.3: the ES256 example verifies, and fails when the payload changes")
    void rfc7515() throws Exception {
      ECKey rfcKey = ECKey.parse(
          "{\"kty\":\"EC\",\"crv\":\"P-256\","
              + "\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}");
      String jws = "eyJhbGciOiJFUzI1NiJ9"
          + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
          + ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
      assertThat(JWSObject.parse(jws).verify(new ECDSAVerifier(rfcKey))).isTrue();
      String changed = jws.replace(".eyJpc3MiOiJqb2UiLA0K", ".eyJpc3MiOiJqb2XiLA0K");
      assertThat(JWSObject.parse(changed).verify(new ECDSAVerifier(rfcKey))).isFalse();
    }
  }
}

package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.crypto.keys.SigningKeyRing;
import org.kith.crypto.keys.SigningKeys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

@DisplayName("bearer credentials")
class TokenSecurityIT extends KithIT {
  @Autowired
  SigningKeyRing ring;

  private JWTClaimsSet.Builder claims(String uId, Instant issued, Instant expires) {
    return new JWTClaimsSet.Builder()
        .issuer("kith")
        .subject(uId)
        .audience("kith")
        .issueTime(Date.from(issued))
        .expirationTime(Date.from(expires))
        .jwtID("forged")
        .claim("token_use", "access")
        .claim("email", "x@example.org")
        .claim("roles", List.of("user", "admin"));
  }

  private String signWithOurKey(JWTClaimsSet set) throws Exception {
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256)
            .type(JOSEObjectType.JWT)
            .keyID(ring.keys().current().getKeyID())
            .build(),
        set);
    jwt.sign(new ECDSASigner(ring.keys().current()));
    return jwt.serialize();
  }

  @Nested
  @DisplayName("JWTs")
  class Jwts {
    @Test
    @DisplayName("forged, unsigned, expired and malformed tokens get 401 problems")
    void forged() throws Exception {
      String user = newUsername("forge");
      String uId = signupVerified(user);
      Instant now = Instant.now();
      String expired = signWithOurKey(
          claims(uId, now.minusSeconds(3600), now.minusSeconds(1800)).build());
      String none = new PlainJWT(claims(uId, now, now.plusSeconds(600)).build()).serialize();
      String foreign;
      {
        var other = SigningKeys.generate();
        SignedJWT jwt = new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256)
                .type(JOSEObjectType.JWT)
                .keyID(ring.keys().current().getKeyID())
                .build(),
            claims(uId, now, now.plusSeconds(600)).build());
        jwt.sign(new ECDSASigner(other));
        foreign = jwt.serialize();
      }
      for (String bad : List.of(expired, none, foreign, "garbage", "a.b.c")) {
        get("/v1/auth/me", bad)
            .expectStatus()
            .isUnauthorized()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectHeader()
            .valueEquals("WWW-Authenticate", "Bearer realm=\"kith\"");
      }
      http.get()
          .uri("/v1/auth/me")
          .header("Authorization", "Basic dXNlcjpwYXNz")
          .exchange()
          .expectStatus()
          .isUnauthorized();
      http.get().uri("/v1/auth/me").exchange().expectStatus().isUnauthorized();
    }

    @Test
    @DisplayName("tokens carry the kid published in the JWKS, and admins get the admin role")
    void jwks() throws Exception {
      String token = adminToken();
      String kid = SignedJWT.parse(token).getHeader().getKeyID();
      http.get()
          .uri("/.well-known/jwks.json")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.keys[0].kid")
          .isEqualTo(kid)
          .jsonPath("$.keys[0].d")
          .doesNotExist()
          .jsonPath("$.keys[0].kty")
          .isEqualTo("EC");
      // encoded once per key set: a cache revalidates with the ETag and gets 304 without a body
      String etag = http.get()
          .uri("/.well-known/jwks.json")
          .exchange()
          .expectStatus()
          .isOk()
          .expectHeader()
          .valueEquals("Cache-Control", "max-age=300, public")
          .returnResult(String.class)
          .getResponseHeaders()
          .getETag();
      assertThat(etag).matches("\"[0-9a-f]{32}\"");
      http.get()
          .uri("/.well-known/jwks.json")
          .header("If-None-Match", etag)
          .exchange()
          .expectStatus()
          .isNotModified()
          .expectHeader()
          .valueEquals("ETag", etag)
          .expectBody()
          .isEmpty();
      get("/v1/auth/me", token)
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.roles")
          .value(r -> assertThat(String.valueOf(r)).contains("admin", "verifier"));
    }
  }

  @Nested
  @DisplayName("personal access tokens")
  class PersonalAccessTokens {
    @Test
    @DisplayName(
        "are shown once, listed without secrets, usable as Bearer within their scopes, and deletable")
    void lifecycle() {
      String user = newUsername("pat");
      String uId = signupVerified(user);
      String session = (String) login(user, PASSWORD).get("access_token");
      Map<?, ?> created = post(
              "/v1/auth/personal-access-tokens",
              session,
              Map.of("name", "backup script", "scopes", List.of("read"), "expires_in_days", 30))
          .expectStatus()
          .isCreated()
          .expectBody(Map.class)
          .returnResult()
          .getResponseBody();
      String pat = (String) created.get("token");
      String id = (String) created.get("id");
      assertThat(pat).startsWith("kith_pat_");
      get("/v1/auth/personal-access-tokens", session)
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.personal_access_tokens[0].id")
          .isEqualTo(id)
          .jsonPath("$.personal_access_tokens[0].name")
          .isEqualTo("backup script")
          .jsonPath("$.personal_access_tokens[0].token")
          .doesNotExist();
      get("/v1/auth/me", pat)
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.u_id")
          .isEqualTo(uId);
      // read-only: no writes; and never account management
      post("/v1/auth/logout", pat, Map.of()).expectStatus().isForbidden();
      get("/v1/auth/personal-access-tokens", pat).expectStatus().isForbidden();
      // another user cannot see it
      String other = newUsername("other");
      signupVerified(other);
      get("/v1/auth/personal-access-tokens/" + id, (String)
              login(other, PASSWORD).get("access_token"))
          .expectStatus()
          .isNotFound();
      http.delete()
          .uri("/v1/auth/personal-access-tokens/" + id)
          .headers(h -> h.setBearerAuth(session))
          .exchange()
          .expectStatus()
          .isNoContent();
      get("/v1/auth/me", pat).expectStatus().isUnauthorized();
      get("/v1/auth/me", pat.substring(0, pat.length() - 2) + "xx")
          .expectStatus()
          .isUnauthorized();
    }

    @Test
    @DisplayName("refuse unknown scopes and bad lifetimes")
    void validation() {
      String user = newUsername("patv");
      signupVerified(user);
      String session = (String) login(user, PASSWORD).get("access_token");
      post(
              "/v1/auth/personal-access-tokens",
              session,
              Map.of("name", "x", "scopes", List.of("account")))
          .expectStatus()
          .isBadRequest();
      post(
              "/v1/auth/personal-access-tokens",
              session,
              Map.of("name", "x", "scopes", List.of("read"), "expires_in_days", 5000))
          .expectStatus()
          .isBadRequest();
      post(
              "/v1/auth/personal-access-tokens",
              session,
              Map.of("name", "", "scopes", List.of("read")))
          .expectStatus()
          .isBadRequest();
    }
  }
}

package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

@DisplayName("/v1/auth flows")
class AuthFlowsIT extends KithIT {
  @Autowired
  Driver driver;

  private void cypher(String query, Map<String, Object> params) {
    try (var session = driver.session()) {
      session.executeWriteWithoutResult(tx -> tx.run(query, params).consume());
    }
  }

  private String refresh(Map<String, Object> tokens) {
    return (String) tokens.get("refresh_token");
  }

  private String access(Map<String, Object> tokens) {
    return (String) tokens.get("access_token");
  }

  @Nested
  @DisplayName("sign-up and verification")
  class Signup {
    @Test
    @DisplayName("creates an account, emails a code, and blocks login until it is verified")
    void signupVerifyLogin() {
      String user = newUsername("alice");
      String uId = signup(user);
      assertThat(uId).isNotBlank();
      post("/v1/auth/token", Map.of("grant_type", "password", "username", user, "password", PASSWORD))
          .expectStatus().isForbidden()
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("not verified"));
      post("/v1/auth/verify", Map.of("username", user, "verification_code", latestCode(user, 1)))
          .expectStatus().isOk().expectBody().jsonPath("$.message").isEqualTo("account verified");
      Map<String, Object> tokens = login(user, PASSWORD);
      assertThat(tokens).containsKeys("identity_token", "access_token", "refresh_token", "message")
          .containsEntry("token_type", "Bearer").containsEntry("expires_in", 900);
      get("/v1/auth/me", access(tokens)).expectStatus().isOk()
          .expectBody().jsonPath("$.u_id").isEqualTo(uId).jsonPath("$.username").isEqualTo(user)
          .jsonPath("$.groups").isArray().jsonPath("$.organizations").isArray();
      get("/v1/auth/me", (String) tokens.get("identity_token")).expectStatus().isOk();
    }

    @Test
    @DisplayName("usernames are case-insensitive and a duplicate is a 409")
    void duplicate() {
      String user = newUsername("dup");
      signup(user);
      post("/v1/auth/signup", Map.of("username", user.toUpperCase(java.util.Locale.ROOT), "password", PASSWORD))
          .expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    @DisplayName("rejects weak passwords, bad emails and wrong types with 400 problems naming the field")
    void badInput() {
      post("/v1/auth/signup", Map.of("username", newUsername("w"), "password", "short"))
          .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody().jsonPath("$.errors[0].path").isEqualTo("password")
          .jsonPath("$.type").isEqualTo("https://kith.dev/problems/validation");
      post("/v1/auth/signup", Map.of("username", newUsername("w"), "password", "password1234"))
          .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(d ->
              assertThat((String) d).contains("common"));
      post("/v1/auth/signup", Map.of("username", "not-an-email", "password", PASSWORD))
          .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].path").isEqualTo("username");
      post("/v1/auth/signup", Map.of("username", 42, "password", PASSWORD)).expectStatus().isBadRequest()
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
      post("/v1/auth/signup", Map.of("username", newUsername("o"), "password", PASSWORD,
          "verification_code_org", "123456")).expectStatus().isBadRequest();
    }

    @Test
    @DisplayName("a wrong code is refused and replaced by a new emailed code; the old one stops working")
    void wrongCode() {
      String user = newUsername("wrong");
      signup(user);
      String first = latestCode(user, 1);
      String wrong = first.equals("000000") ? "111111" : "000000";
      post("/v1/auth/verify", Map.of("username", user, "verification_code", wrong))
          .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
      latestCode(user, 2);
      post("/v1/auth/verify", Map.of("username", user, "verification_code", first)).expectStatus().isBadRequest();
      post("/v1/auth/verify", Map.of("username", user, "verification_code", latestCode(user, 3)))
          .expectStatus().isOk();
    }

    @Test
    @DisplayName("an expired code is refused and a new one is emailed")
    void expiredCode() {
      String user = newUsername("expired");
      String uId = signup(user);
      String code = latestCode(user, 1);
      cypher("MATCH (c:VerificationCode)-[:CODE_FOR]->(:User {u_id: $u}) SET c.expires_at = datetime() - duration('PT1S')",
          Map.of("u", uId));
      post("/v1/auth/verify", Map.of("username", user, "verification_code", code))
          .expectStatus().isBadRequest().expectBody().jsonPath("$.detail").value(d ->
              assertThat((String) d).contains("expired"));
      post("/v1/auth/verify", Map.of("username", user, "verification_code", latestCode(user, 2)))
          .expectStatus().isOk();
    }

    @Test
    @DisplayName("five wrong codes lock verification with 429 and Retry-After")
    void lockAfterFiveTries() {
      String user = newUsername("lock");
      signup(user);
      for (int i = 1; i <= 4; i++) {
        String wrong = latestCode(user, i).equals("000000") ? "111111" : "000000";
        post("/v1/auth/verify", Map.of("username", user, "verification_code", wrong)).expectStatus().isBadRequest();
      }
      String wrong = latestCode(user, 5).equals("000000") ? "111111" : "000000";
      post("/v1/auth/verify", Map.of("username", user, "verification_code", wrong))
          .expectStatus().isEqualTo(429).expectHeader().exists("Retry-After");
      post("/v1/auth/verify", Map.of("username", user, "verification_code", latestCode(user, 5)))
          .expectStatus().isEqualTo(429);
    }
  }

  @Nested
  @DisplayName("refresh tokens")
  class Refresh {
    @Test
    @DisplayName("rotate on every use; presenting a used one kills the whole family")
    void rotationAndReuse() {
      String user = newUsername("refresh");
      signupVerified(user);
      Map<String, Object> first = login(user, PASSWORD);
      Map<?, ?> second = post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(first)))
          .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
      assertThat(second.get("refresh_token")).isNotEqualTo(refresh(first));
      get("/v1/auth/me", (String) second.get("access_token")).expectStatus().isOk();
      // the old one again: reuse detected, family revoked
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(first)))
          .expectStatus().isUnauthorized().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", second.get("refresh_token")))
          .expectStatus().isUnauthorized();
      get("/v1/auth/me", (String) second.get("access_token")).expectStatus().isUnauthorized();
      // another session of the same user is unaffected
      get("/v1/auth/me", access(login(user, PASSWORD))).expectStatus().isOk();
    }

    @Test
    @DisplayName("unknown refresh tokens and unsupported grants are refused")
    void unknown() {
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", "nope"))
          .expectStatus().isUnauthorized();
      post("/v1/auth/token", Map.of("grant_type", "magic")).expectStatus().isBadRequest();
      post("/v1/auth/token", Map.of("username", "x@example.org")).expectStatus().isBadRequest();
    }
  }

  @Nested
  @DisplayName("throttling")
  class Throttling {
    @Test
    @DisplayName("unknown usernames fail like wrong passwords")
    void unknownUser() {
      post("/v1/auth/token", Map.of("grant_type", "password", "username", newUsername("ghost"), "password", PASSWORD))
          .expectStatus().isUnauthorized().expectBody().jsonPath("$.detail").isEqualTo("wrong username or password");
    }
  }

  @Nested
  @DisplayName("passwords")
  class Passwords {
    @Test
    @DisplayName("a change needs the existing password and ends the other sessions only")
    void change() {
      String user = newUsername("change");
      signupVerified(user);
      Map<String, Object> a = login(user, PASSWORD);
      Map<String, Object> b = login(user, PASSWORD);
      post("/v1/auth/password-change", access(a), Map.of("password_existing", "not it at all", "password_new",
          "another good passphrase")).expectStatus().isBadRequest();
      post("/v1/auth/password-change", access(a), Map.of("password_existing", PASSWORD, "password_new",
          "another good passphrase")).expectStatus().isOk();
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(b)))
          .expectStatus().isUnauthorized();
      get("/v1/auth/me", access(b)).expectStatus().isUnauthorized();
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(a))).expectStatus().isOk();
      post("/v1/auth/token", Map.of("grant_type", "password", "username", user, "password", PASSWORD))
          .expectStatus().isUnauthorized();
      login(user, "another good passphrase");
    }

    @Test
    @DisplayName("a reset blocks password login until confirmed with the code, then ends every session")
    void reset() {
      String user = newUsername("reset");
      signupVerified(user);
      Map<String, Object> before = login(user, PASSWORD);
      String answer = post("/v1/auth/password-reset", Map.of("username", user)).expectStatus().isOk()
          .expectBody(String.class).returnResult().getResponseBody();
      String unknown = post("/v1/auth/password-reset", Map.of("username", newUsername("nobody")))
          .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
      assertThat(unknown).isEqualTo(answer);
      String code = latestCode(user, 2);
      post("/v1/auth/token", Map.of("grant_type", "password", "username", user, "password", PASSWORD))
          .expectStatus().isForbidden();
      post("/v1/auth/password-confirm", Map.of("username", user, "verification_code", code, "password", "short"))
          .expectStatus().isBadRequest();
      post("/v1/auth/password-confirm", Map.of("username", user, "verification_code", code,
          "password", "a brand new passphrase")).expectStatus().isOk();
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(before)))
          .expectStatus().isUnauthorized();
      login(user, "a brand new passphrase");
    }
  }

  @Nested
  @DisplayName("logout")
  class Logout {
    @Test
    @DisplayName("kills the given refresh token's family, or the caller's own session")
    void logout() {
      String user = newUsername("logout");
      signupVerified(user);
      Map<String, Object> a = login(user, PASSWORD);
      Map<String, Object> b = login(user, PASSWORD);
      post("/v1/auth/logout", access(a), Map.of("refresh_token", refresh(b))).expectStatus().isNoContent();
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(b)))
          .expectStatus().isUnauthorized();
      get("/v1/auth/me", access(a)).expectStatus().isOk();
      http.post().uri("/v1/auth/logout").headers(h -> h.setBearerAuth(access(a))).exchange()
          .expectStatus().isNoContent();
      get("/v1/auth/me", access(a)).expectStatus().isUnauthorized();
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(a)))
          .expectStatus().isUnauthorized();
      http.post().uri("/v1/auth/logout").exchange().expectStatus().isUnauthorized()
          .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
  }

  @Nested
  @DisplayName("tokens of disabled accounts")
  class Revoked {
    @Test
    @DisplayName("stop working at once")
    void disabled() {
      String user = newUsername("disabled");
      String uId = signupVerified(user);
      Map<String, Object> tokens = login(user, PASSWORD);
      cypher("MATCH (u:User {u_id: $u}) SET u.disabled = true", Map.of("u", uId));
      get("/v1/auth/me", access(tokens)).expectStatus().isUnauthorized();
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(tokens)))
          .expectStatus().isUnauthorized();
      post("/v1/auth/token", Map.of("grant_type", "password", "username", user, "password", PASSWORD))
          .expectStatus().isUnauthorized();
    }
  }
}

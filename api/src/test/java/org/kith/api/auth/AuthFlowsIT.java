package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;
import org.springframework.http.MediaType;

@DisplayName("/v1/auth flows")
class AuthFlowsIT extends KithIT {
  private String refresh(Map<String, Object> tokens) {
    return (String) tokens.get("refresh_token");
  }

  private String access(Map<String, Object> tokens) {
    return (String) tokens.get("access_token");
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
      Map<?, ?> second = post(
              "/v1/auth/token",
              Map.of("grant_type", "refresh_token", "refresh_token", refresh(first)))
          .expectStatus()
          .isOk()
          .expectBody(Map.class)
          .returnResult()
          .getResponseBody();
      assertThat(second.get("refresh_token")).isNotEqualTo(refresh(first));
      get("/v1/auth/me", (String) second.get("access_token")).expectStatus().isOk();
      // the old one again: reuse detected, family revoked
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(first)))
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON);
      post(
              "/v1/auth/token",
              Map.of("grant_type", "refresh_token", "refresh_token", second.get("refresh_token")))
          .expectStatus()
          .isUnauthorized();
      get("/v1/auth/me", (String) second.get("access_token")).expectStatus().isUnauthorized();
      // another session of the same user is unaffected
      get("/v1/auth/me", access(login(user, PASSWORD))).expectStatus().isOk();
    }

    @Test
    @DisplayName("unknown refresh tokens and unsupported grants are refused")
    void unknown() {
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", "nope"))
          .expectStatus()
          .isUnauthorized();
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
      post(
              "/v1/auth/token",
              Map.of(
                  "grant_type", "password", "username", newUsername("ghost"), "password", PASSWORD))
          .expectStatus()
          .isUnauthorized()
          .expectBody()
          .jsonPath("$.detail")
          .isEqualTo("wrong username or password");
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
      post(
              "/v1/auth/password-change",
              access(a),
              Map.of(
                  "password_existing", "not it at all", "password_new", "another good passphrase"))
          .expectStatus()
          .isBadRequest();
      post(
              "/v1/auth/password-change",
              access(a),
              Map.of("password_existing", PASSWORD, "password_new", "another good passphrase"))
          .expectStatus()
          .isOk();
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(b)))
          .expectStatus()
          .isUnauthorized();
      get("/v1/auth/me", access(b)).expectStatus().isUnauthorized();
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(a)))
          .expectStatus()
          .isOk();
      post(
              "/v1/auth/token",
              Map.of("grant_type", "password", "username", user, "password", PASSWORD))
          .expectStatus()
          .isUnauthorized();
      login(user, "another good passphrase");
    }

    @Test
    @DisplayName(
        "a reset blocks password login until confirmed with the code, then ends every session")
    void reset() {
      String user = newUsername("reset");
      signupVerified(user);
      Map<String, Object> before = login(user, PASSWORD);
      String answer = post("/v1/auth/password-reset", Map.of("username", user))
          .expectStatus()
          .isOk()
          .expectBody(String.class)
          .returnResult()
          .getResponseBody();
      String unknown = post("/v1/auth/password-reset", Map.of("username", newUsername("nobody")))
          .expectStatus()
          .isOk()
          .expectBody(String.class)
          .returnResult()
          .getResponseBody();
      assertThat(unknown).isEqualTo(answer);
      String code = PickupMails.latestCode(DATA_DIR, user, 2);
      post(
              "/v1/auth/token",
              Map.of("grant_type", "password", "username", user, "password", PASSWORD))
          .expectStatus()
          .isForbidden();
      post(
              "/v1/auth/password-confirm",
              Map.of("username", user, "verification_code", code, "password", "short"))
          .expectStatus()
          .isBadRequest();
      post(
              "/v1/auth/password-confirm",
              Map.of(
                  "username",
                  user,
                  "verification_code",
                  code,
                  "password",
                  "a brand new passphrase"))
          .expectStatus()
          .isOk();
      post(
              "/v1/auth/token",
              Map.of("grant_type", "refresh_token", "refresh_token", refresh(before)))
          .expectStatus()
          .isUnauthorized();
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
      post("/v1/auth/logout", access(a), Map.of("refresh_token", refresh(b)))
          .expectStatus()
          .isNoContent();
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(b)))
          .expectStatus()
          .isUnauthorized();
      get("/v1/auth/me", access(a)).expectStatus().isOk();
      http.post()
          .uri("/v1/auth/logout")
          .headers(h -> h.setBearerAuth(access(a)))
          .exchange()
          .expectStatus()
          .isNoContent();
      get("/v1/auth/me", access(a)).expectStatus().isUnauthorized();
      post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refresh(a)))
          .expectStatus()
          .isUnauthorized();
      http.post()
          .uri("/v1/auth/logout")
          .exchange()
          .expectStatus()
          .isUnauthorized()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON);
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
      post(
              "/v1/auth/token",
              Map.of("grant_type", "refresh_token", "refresh_token", refresh(tokens)))
          .expectStatus()
          .isUnauthorized();
      post(
              "/v1/auth/token",
              Map.of("grant_type", "password", "username", user, "password", PASSWORD))
          .expectStatus()
          .isForbidden()
          .expectBody()
          .jsonPath("$.type")
          .value(t ->
              org.assertj.core.api.Assertions.assertThat((String) t).endsWith("account-disabled"));
      // a wrong password says nothing of the account's state
      post(
              "/v1/auth/token",
              Map.of("grant_type", "password", "username", user, "password", "not the password"))
          .expectStatus()
          .isUnauthorized();
    }
  }
}

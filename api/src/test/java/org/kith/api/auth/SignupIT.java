package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;
import org.springframework.http.MediaType;

@DisplayName("/v1/auth sign-up and verification")
class SignupIT extends KithIT {
  private static String access(Map<String, Object> tokens) {
    return (String) tokens.get("access_token");
  }

  @Test
  @DisplayName("creates an account, emails a code, and blocks login until it is verified")
  void signupVerifyLogin() {
    String user = newUsername("alice");
    String uId = signup(user);
    assertThat(uId).isNotBlank();
    post("/v1/auth/token", Map.of("grant_type", "password", "username", user, "password", PASSWORD))
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("not verified"));
    post(
            "/v1/auth/verify",
            Map.of(
                "username", user, "verification_code", PickupMails.latestCode(DATA_DIR, user, 1)))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.message")
        .isEqualTo("account verified");
    Map<String, Object> tokens = login(user, PASSWORD);
    assertThat(tokens)
        .containsKeys("identity_token", "access_token", "refresh_token", "message")
        .containsEntry("token_type", "Bearer")
        .containsEntry("expires_in", 900);
    get("/v1/auth/me", access(tokens))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.u_id")
        .isEqualTo(uId)
        .jsonPath("$.username")
        .isEqualTo(user)
        .jsonPath("$.groups")
        .isArray()
        .jsonPath("$.organizations")
        .isArray();
    get("/v1/auth/me", (String) tokens.get("identity_token")).expectStatus().isOk();
  }

  @Test
  @DisplayName("usernames are case-insensitive and a duplicate is a 409")
  void duplicate() {
    String user = newUsername("dup");
    signup(user);
    post(
            "/v1/auth/signup",
            Map.of("username", user.toUpperCase(java.util.Locale.ROOT), "password", PASSWORD))
        .expectStatus()
        .isEqualTo(409)
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  @DisplayName(
      "rejects weak passwords, bad emails and wrong types with 400 problems naming the field")
  void badInput() {
    post("/v1/auth/signup", Map.of("username", newUsername("w"), "password", "short"))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("password")
        .jsonPath("$.type")
        .isEqualTo("https://kith.dev/problems/validation");
    post("/v1/auth/signup", Map.of("username", newUsername("w"), "password", "password1234"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("common"));
    post("/v1/auth/signup", Map.of("username", "not-an-email", "password", PASSWORD))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("username");
    post("/v1/auth/signup", Map.of("username", 42, "password", PASSWORD))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    post(
            "/v1/auth/signup",
            Map.of(
                "username",
                newUsername("o"),
                "password",
                PASSWORD,
                "verification_code_org",
                "123456"))
        .expectStatus()
        .isBadRequest();
  }

  @Test
  @DisplayName(
      "a wrong code is refused saying how many tries remain; the code still works, no new code is mailed")
  void wrongCode() {
    String user = newUsername("wrong");
    signup(user);
    String first = PickupMails.latestCode(DATA_DIR, user, 1);
    String wrong = first.equals("000000") ? "111111" : "000000";
    post("/v1/auth/verify", Map.of("username", user, "verification_code", wrong))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.tries_remaining")
        .isEqualTo(4)
        .jsonPath("$.errors[0].path")
        .isEqualTo("verification_code");
    post("/v1/auth/verify", Map.of("username", user, "verification_code", first))
        .expectStatus()
        .isOk();
    assertThat(PickupMails.mailsTo(DATA_DIR, user)).hasSize(1);
  }

  @Test
  @DisplayName(
      "five wrong tries replace the code with a new emailed one, also when the tries come at once")
  void fiveTriesThenReplaced() throws Exception {
    String user = newUsername("tries");
    signup(user);
    String first = PickupMails.latestCode(DATA_DIR, user, 1);
    String wrong = first.equals("000000") ? "111111" : "000000";
    List<CompletableFuture<Object>> answers = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < 8; i++) {
        answers.add(CompletableFuture.supplyAsync(
            () -> post("/v1/auth/verify", Map.of("username", user, "verification_code", wrong))
                .expectStatus()
                .isBadRequest()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody()
                .get("tries_remaining"),
            pool));
      }
      List<Object> remaining = new ArrayList<>();
      for (var a : answers) {
        remaining.add(a.get());
      }
      // each of the first code's five tries counted once (4, 3, 2, 1, 0). A try that comes after
      // the replacement is in place counts against the new code (4, 3, ...); one that comes between
      // finds the first code used up (0). So every count appears at most twice, and the new code's
      // countdown has no gaps: a count appears no more often than the one above it.
      assertThat(remaining).hasSize(8);
      assertThat(remaining).contains(4, 3, 2, 1, 0);
      for (int left = 1; left <= 4; left++) {
        int here = Collections.frequency(remaining, left);
        assertThat(here).as("answers with %d tries left", left).isBetween(1, 2);
        if (left < 4) {
          assertThat(here).isLessThanOrEqualTo(Collections.frequency(remaining, left + 1));
        }
      }
    } finally {
      pool.shutdown();
    }
    String second = PickupMails.latestCode(DATA_DIR, user, 2);
    assertThat(PickupMails.mailsTo(DATA_DIR, user)).hasSize(2);
    if (!second.equals(first)) {
      post("/v1/auth/verify", Map.of("username", user, "verification_code", first))
          .expectStatus()
          .isBadRequest();
    }
    post("/v1/auth/verify", Map.of("username", user, "verification_code", second))
        .expectStatus()
        .isOk();
  }

  @Test
  @DisplayName("an expired code is refused and a new one is emailed")
  void expiredCode() {
    String user = newUsername("expired");
    String uId = signup(user);
    String code = PickupMails.latestCode(DATA_DIR, user, 1);
    cypher(
        "MATCH (c:VerificationCode)-[:CODE_FOR]->(:User {u_id: $u}) SET c.expires_at = datetime() - duration('PT1S')",
        Map.of("u", uId));
    post("/v1/auth/verify", Map.of("username", user, "verification_code", code))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("expired"));
    post(
            "/v1/auth/verify",
            Map.of(
                "username", user, "verification_code", PickupMails.latestCode(DATA_DIR, user, 2)))
        .expectStatus()
        .isOk();
  }

  @Test
  @DisplayName("three codes used up in a row lock verification with 429 and Retry-After")
  void lockAfterThreeCodes() {
    String user = newUsername("lock");
    signup(user);
    for (int code = 1; code <= 3; code++) {
      String wrong =
          PickupMails.latestCode(DATA_DIR, user, code).equals("000000") ? "111111" : "000000";
      for (int i = 1; i <= 5; i++) {
        var answer = post("/v1/auth/verify", Map.of("username", user, "verification_code", wrong))
            .expectStatus();
        if (code == 3 && i == 5) {
          answer.isEqualTo(429).expectHeader().exists("Retry-After");
        } else {
          answer.isBadRequest();
        }
      }
    }
    post(
            "/v1/auth/verify",
            Map.of(
                "username", user, "verification_code", PickupMails.latestCode(DATA_DIR, user, 3)))
        .expectStatus()
        .isEqualTo(429);
  }
}

package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;

@DisplayName("a password reset blocks password login at once, but is no weapon")
class PasswordResetIT extends KithIT {
  private static final String NEW_PASSWORD = "a brand new passphrase";
  private static final Pattern CANCEL_LINK =
      Pattern.compile("(/v1/auth/password-reset/cancel)\\?token=(\\S+)");

  /** Requests a reset; returns the answer's body. */
  private String reset(String user) {
    return post("/v1/auth/password-reset", Map.of("username", user))
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
  }

  private void passwordLogin(String user, String password, int status) {
    post("/v1/auth/token", Map.of("grant_type", "password", "username", user, "password", password))
        .expectStatus()
        .isEqualTo(status);
  }

  private static Matcher cancelLink(String user, int mails) {
    PickupMails.latestCode(DATA_DIR, user, mails);
    var all = PickupMails.mailsTo(DATA_DIR, user);
    Matcher m = CANCEL_LINK.matcher(PickupMails.textOf(all.get(all.size() - 1)));
    assertThat(m.find())
        .as("the reset email carries an \"I did not ask for this\" link")
        .isTrue();
    return m;
  }

  private void refresh(String token, int status) {
    post("/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", token))
        .expectStatus()
        .isEqualTo(status);
  }

  @Test
  @DisplayName(
      "a login right after the request's answer is refused: the block is written before the answer")
  void blockedAtOnce() {
    for (int i = 0; i < 5; i++) {
      String user = newUsername("race");
      signupVerified(user);
      reset(user);
      passwordLogin(user, PASSWORD, 403);
    }
  }

  @Test
  @DisplayName(
      "existing sessions and tokens keep working until the reset is confirmed; then every refresh token"
          + " and personal access token of the account is dead")
  @SuppressWarnings("unchecked")
  void sessionsUntilConfirmed() {
    String user = newUsername("pending");
    signupVerified(user);
    Map<String, Object> session = login(user, PASSWORD);
    String pat = (String) post(
            "/v1/auth/personal-access-tokens",
            (String) session.get("access_token"),
            Map.of("name", "script", "scopes", java.util.List.of("read")))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("token");
    reset(user);
    passwordLogin(user, PASSWORD, 403);
    Map<String, Object> rotated = post(
            "/v1/auth/token",
            Map.of("grant_type", "refresh_token", "refresh_token", session.get("refresh_token")))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    get("/v1/auth/me", (String) rotated.get("access_token")).expectStatus().isOk();
    get("/v1/auth/me", pat).expectStatus().isOk();
    post(
            "/v1/auth/password-confirm",
            Map.of(
                "username",
                user,
                "verification_code",
                PickupMails.latestCode(DATA_DIR, user, 2),
                "password",
                NEW_PASSWORD))
        .expectStatus()
        .isOk();
    refresh((String) rotated.get("refresh_token"), 401);
    get("/v1/auth/me", (String) rotated.get("access_token")).expectStatus().isUnauthorized();
    get("/v1/auth/me", pat)
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    login(user, NEW_PASSWORD);
  }

  @Test
  @DisplayName(
      "the email's \"I did not ask for this\" link cancels the request and its block, once; opening it"
          + " changes nothing")
  void cancelLink() {
    String user = newUsername("cancel");
    signupVerified(user);
    reset(user);
    Matcher link = cancelLink(user, 2);
    String code = PickupMails.latestCode(DATA_DIR, user, 2);
    String page = http.get()
        .uri(link.group(1) + "?token=" + link.group(2))
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith(MediaType.TEXT_HTML)
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
    assertThat(page).contains("<form method=\"post\"").contains("I did not ask for this");
    passwordLogin(user, PASSWORD, 403); // a link preview or mail scanner opening it lifted nothing
    post(link.group(1), Map.of("token", link.group(2))).expectStatus().isOk();
    login(user, PASSWORD);
    post(link.group(1), Map.of("token", link.group(2)))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("token");
    // the cancelled request's code no longer sets a password
    post(
            "/v1/auth/password-confirm",
            Map.of("username", user, "verification_code", code, "password", NEW_PASSWORD))
        .expectStatus()
        .isBadRequest();
    login(user, PASSWORD);
  }

  @Test
  @DisplayName("the link's page button (a form POST) cancels too")
  void cancelByForm() {
    String user = newUsername("form");
    signupVerified(user);
    reset(user);
    Matcher link = cancelLink(user, 2);
    String done = http.post()
        .uri(link.group(1))
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData("token", link.group(2)))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
    assertThat(done).contains("cancelled");
    login(user, PASSWORD);
  }

  @Test
  @DisplayName(
      "requests per username are throttled: past three, the answer is the same but nothing is written or sent")
  void throttled() {
    String user = newUsername("flood");
    signupVerified(user);
    String answer = reset(user);
    for (int mails = 2; mails <= 4; mails++) {
      PickupMails.latestCode(DATA_DIR, user, mails);
      if (mails < 4) {
        assertThat(reset(user)).isEqualTo(answer);
      }
    }
    String third = PickupMails.latestCode(DATA_DIR, user, 4);
    assertThat(reset(user)).isEqualTo(answer);
    assertThat(post("/v1/auth/password-reset", Map.of("username", newUsername("nobody")))
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody())
        .isEqualTo(answer);
    // the fourth request replaced nothing: the third email's code still sets the password
    post(
            "/v1/auth/password-confirm",
            Map.of("username", user, "verification_code", third, "password", NEW_PASSWORD))
        .expectStatus()
        .isOk();
    login(user, NEW_PASSWORD);
    assertThat(PickupMails.mailsTo(DATA_DIR, user)).hasSize(4);
  }
}

package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * TOTP black-box: the test is the authenticator app, computing RFC 6238 codes from the enrolled secret with
 * java-otp, and logs in through the two steps of the token endpoint.
 */
@DisplayName(
    "TOTP: enrolment, login with a second factor, replay, recovery codes, throttling, removal")
class TotpIT extends KithIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired
  Driver driver;

  /** A user with a confirmed authenticator: its secret and recovery codes. */
  private record Enrolled(User user, String secret, List<String> recoveryCodes) {}

  private static String code(String secret, long step) throws Exception {
    TimeBasedOneTimePasswordGenerator totp = new TimeBasedOneTimePasswordGenerator();
    return totp.generateOneTimePasswordString(
        new SecretKeySpec(
            Base32.decode(secret + "=".repeat((8 - secret.length() % 8) % 8)), "HmacSHA1"),
        Instant.ofEpochSecond(step * 30));
  }

  private static long step() {
    return Instant.now().getEpochSecond() / 30;
  }

  /** GET /v1/auth/mfa/totp: whether logins ask for a code (the account page shows it). */
  private void assertActive(User user, boolean active) {
    get("/v1/auth/mfa/totp", user.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.active")
        .isEqualTo(active);
  }

  @SuppressWarnings("unchecked")
  private Enrolled enrolled(String prefix) throws Exception {
    User user = newUser(prefix);
    assertActive(user, false);
    Map<String, Object> start = post("/v1/auth/mfa/totp", user.token(), Map.of())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String secret = (String) start.get("secret");
    assertThat(secret).matches("[A-Z2-7]{32}");
    assertThat((String) start.get("otpauth_uri"))
        .startsWith("otpauth://totp/Kith%3A")
        .contains("secret=" + secret, "issuer=Kith", "digits=6", "period=30", "algorithm=SHA1");
    // a password login still needs nothing more until the enrolment is confirmed
    login(user.username(), PASSWORD);
    post("/v1/auth/mfa/totp/confirm", user.token(), Map.of("code", code(secret, step() + 5)))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    Map<String, Object> confirmed = post(
            "/v1/auth/mfa/totp/confirm", user.token(), Map.of("code", code(secret, step() - 1)))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    List<String> codes = (List<String>) confirmed.get("recovery_codes");
    assertThat(codes).hasSize(10).doesNotHaveDuplicates();
    assertActive(user, true);
    return new Enrolled(user, secret, codes);
  }

  /** The password step: 403 mfa-required with an mfa_token and no tokens. */
  @SuppressWarnings("unchecked")
  private String mfaToken(String username) {
    Map<String, Object> problem = post(
            "/v1/auth/token",
            Map.of("grant_type", "password", "username", username, "password", PASSWORD))
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat((String) problem.get("type")).endsWith("mfa-required");
    assertThat(problem).doesNotContainKeys("access_token", "identity_token", "refresh_token");
    return (String) problem.get("mfa_token");
  }

  private WebTestClient.ResponseSpec second(String mfaToken, String otp) {
    return post(
        "/v1/auth/token", Map.of("grant_type", "mfa_otp", "mfa_token", mfaToken, "otp", otp));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> claims(String jwt) throws Exception {
    return JSON.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
  }

  @Test
  @DisplayName(
      "login asks for the code; the code completes it once; tokens say pwd+otp+mfa, also refreshed")
  @SuppressWarnings("unchecked")
  void loginWithCode() throws Exception {
    Enrolled e = enrolled("totp-login");
    String mfa = mfaToken(e.user().username());
    assertThat(mfa).hasSizeGreaterThan(40);
    String otp = code(e.secret(), step() + 1);
    Map<String, Object> tokens = second(mfa, otp)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    Map<String, Object> access = claims((String) tokens.get("access_token"));
    assertThat(access.get("amr")).isEqualTo(List.of("pwd", "otp", "mfa"));
    assertThat(access.get("acr")).isEqualTo("urn:kith:acr:mfa");
    get("/v1/auth/me", (String) tokens.get("access_token")).expectStatus().isOk();
    // the mfa_token is spent; the same code in a new login is a replay
    second(mfa, otp).expectStatus().isUnauthorized();
    second(mfaToken(e.user().username()), otp)
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    Map<String, Object> refreshed = post(
            "/v1/auth/token",
            Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(claims((String) refreshed.get("access_token")).get("amr"))
        .isEqualTo(List.of("pwd", "otp", "mfa"));
    // the key is sealed at rest
    try (var session = driver.session()) {
      String stored = session
          .run(
              "MATCH (f:TotpFactor {u_id: $u}) RETURN f.sealed_key AS k",
              Map.of("u", e.user().uId()))
          .single()
          .get("k")
          .asString();
      assertThat(stored).startsWith("v1.").doesNotContain(e.secret());
    }
    List<Object> types = get("/v1/audit/" + e.user().uId(), (String) tokens.get("access_token"))
        .expectStatus()
        .isOk()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody()
        .stream()
        .map(ev -> ((Map<String, Object>) ev).get("event_type"))
        .toList();
    assertThat(types).contains("mfa_totp_enable", "login", "login_error");
  }

  @Test
  @DisplayName("a password-only login says amr pwd")
  void passwordOnly() throws Exception {
    User user = newUser("totp-none");
    Map<String, Object> access = claims(user.token());
    assertThat(access.get("amr")).isEqualTo(List.of("pwd"));
    assertThat(access.get("acr")).isEqualTo("urn:kith:acr:password");
  }

  @Test
  @DisplayName("a recovery code completes a login once")
  void recoveryCode() throws Exception {
    Enrolled e = enrolled("totp-recovery");
    String recovery = e.recoveryCodes().get(3);
    second(mfaToken(e.user().username()), recovery).expectStatus().isOk();
    second(mfaToken(e.user().username()), recovery).expectStatus().isUnauthorized();
    second(
            mfaToken(e.user().username()),
            e.recoveryCodes().get(4).toUpperCase(java.util.Locale.ROOT))
        .expectStatus()
        .isOk();
  }

  @Test
  @DisplayName(
      "wrong codes are throttled like passwords: three are free, after the fourth even the right code waits (429)")
  void throttled() throws Exception {
    Enrolled e = enrolled("totp-throttle");
    String mfa = mfaToken(e.user().username());
    for (int i = 0; i < 4; i++) {
      second(mfa, i + "00000").expectStatus().isUnauthorized();
    }
    second(mfa, code(e.secret(), step() + 1))
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .exists("Retry-After");
    second("not-a-token", "123456").expectStatus().isUnauthorized();
    post("/v1/auth/token", Map.of("grant_type", "mfa_otp", "mfa_token", mfa))
        .expectStatus()
        .isBadRequest();
  }

  @Test
  @DisplayName(
      "removal needs the password (or a code); afterwards the password alone logs in again")
  void disable() throws Exception {
    Enrolled e = enrolled("totp-off");
    String token = e.user().token();
    remove(token, Map.of("password", "not the password")).expectStatus().isUnauthorized();
    remove(token, Map.of()).expectStatus().isBadRequest();
    remove(token, Map.of("password", PASSWORD)).expectStatus().isNoContent();
    assertActive(e.user(), false);
    remove(token, Map.of("password", PASSWORD)).expectStatus().isNotFound();
    Map<String, Object> tokens = login(e.user().username(), PASSWORD);
    assertThat(tokens).containsKey("access_token");
    // enrol again and remove with a code this time
    String secret = (String) post("/v1/auth/mfa/totp", token, Map.of())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("secret");
    post("/v1/auth/mfa/totp/confirm", token, Map.of("code", code(secret, step() - 1)))
        .expectStatus()
        .isOk();
    post("/v1/auth/mfa/totp", token, Map.of()).expectStatus().isEqualTo(409);
    remove(token, Map.of("code", code(secret, step()))).expectStatus().isNoContent();
  }

  private WebTestClient.ResponseSpec remove(String token, Map<String, Object> body) {
    return http.method(HttpMethod.DELETE)
        .uri("/v1/auth/mfa/totp")
        .contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(token))
        .bodyValue(body)
        .exchange();
  }
}

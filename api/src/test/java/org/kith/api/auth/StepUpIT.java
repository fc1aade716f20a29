package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Step-up authentication (RFC 9470) black-box. A session's login time is the graph's record of it; the test makes
 * a session's login ten minutes old by moving that record back (as it arranges other states the API cannot), so
 * no test waits or races the clock. Each sensitive operation with an old login answers 401 with the RFC 9470
 * challenge and a problem and changes nothing; a fresh login passes.
 */
@DisplayName("Step-up (RFC 9470): sensitive operations need a login within 5 minutes")
class StepUpIT extends KithIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Makes every session of the account one whose login was {@code at}. */
  void loggedInAt(String uId, Instant at) {
    cypher(
        "MATCH (f:RefreshFamily {u_id: $u}) SET f.created_at = $at",
        Map.of("u", uId, "at", at.atZone(ZoneOffset.UTC)));
  }

  /** Makes every session of the account one whose login was ten minutes ago. */
  void aged(String uId) {
    loggedInAt(uId, Instant.now().minus(10, ChronoUnit.MINUTES));
  }

  String fresh(User user) {
    return (String) login(user.username(), PASSWORD).get("access_token");
  }

  /** The RFC 9470 answer: 401, the exact challenge, and an insufficient-user-authentication problem. */
  static void stepUp(WebTestClient.ResponseSpec response, @Nullable String acr) {
    EntityExchangeResult<Map<String, Object>> result = response
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody(new ParameterizedTypeReference<Map<String, Object>>() {})
        .returnResult();
    Map<String, Object> problem = result.getResponseBody();
    assertThat(problem).isNotNull();
    assertThat((String) problem.get("type"))
        .isEqualTo("https://kith.dev/problems/insufficient-user-authentication");
    assertThat(problem.get("status")).isEqualTo(401);
    String detail = (String) problem.get("detail");
    assertThat(detail).contains("within the last 300 seconds", "log in");
    assertThat(result.getResponseHeaders().get("WWW-Authenticate"))
        .containsExactly("Bearer error=\"insufficient_user_authentication\", error_description=\""
            + detail
            + "\", max_age=300"
            + (acr == null ? "" : ", acr_values=\"" + acr + "\""));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> claims(String jwt) throws Exception {
    return JSON.readValue(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), Map.class);
  }

  static long authTime(String jwt) throws Exception {
    return ((Number) claims(jwt).get("auth_time")).longValue();
  }

  WebTestClient.ResponseSpec deleteWith(String path, String token, Object body) {
    return http.method(HttpMethod.DELETE)
        .uri(path)
        .contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(token))
        .bodyValue(body)
        .exchange();
  }

  @Test
  @DisplayName(
      "a login's tokens carry auth_time; a refresh keeps it (and amr), so it cannot lift an old login")
  @SuppressWarnings("unchecked")
  void refreshKeepsAuthTime() throws Exception {
    long before = Instant.now().getEpochSecond();
    User user = newUser("stepup-refresh");
    Map<String, Object> tokens = login(user.username(), PASSWORD);
    String access = (String) tokens.get("access_token");
    assertThat(authTime(access)).isBetween(before - 1, Instant.now().getEpochSecond() + 1);
    assertThat(authTime((String) tokens.get("identity_token"))).isEqualTo(authTime(access));
    get("/v1/auth/me/export", access).expectStatus().isOk();

    Instant old = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    loggedInAt(user.uId(), old);
    Map<String, Object> refreshed = post(
            "/v1/auth/token",
            Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String next = (String) refreshed.get("access_token");
    assertThat(authTime(next)).isEqualTo(old.getEpochSecond());
    assertThat(claims(next).get("amr")).isEqualTo(List.of("pwd"));
    assertThat(claims(next).get("acr")).isEqualTo("urn:kith:acr:password");
    stepUp(get("/v1/auth/me/export", next), null);
    // the old token of the same session is refused alike; a new login passes
    stepUp(get("/v1/auth/me/export", access), null);
    get("/v1/auth/me/export", fresh(user)).expectStatus().isOk();
  }

  @Test
  @DisplayName(
      "change password: an old login is refused and the password stays; a fresh login changes it")
  void changePassword() {
    User user = newUser("stepup-password");
    aged(user.uId());
    Map<String, String> change =
        Map.of("password_existing", PASSWORD, "password_new", "a brand new passphrase");
    stepUp(post("/v1/auth/password-change", user.token(), change), null);
    String token = fresh(user);
    post("/v1/auth/password-change", token, change).expectStatus().isOk();
    login(user.username(), "a brand new passphrase");
  }

  @Test
  @DisplayName(
      "delete account: without the password an old login is refused and nothing is erased; the password in the"
          + " body still suffices; a fresh login erases without it")
  void deleteAccount() {
    User user = newUser("stepup-erase");
    aged(user.uId());
    stepUp(deleteWith("/v1/auth/me", user.token(), Map.of()), null);
    get("/v1/auth/me", user.token()).expectStatus().isOk();
    deleteWith("/v1/auth/me", user.token(), Map.of("password", PASSWORD))
        .expectStatus()
        .isNoContent();
    get("/v1/auth/me", user.token()).expectStatus().isUnauthorized();

    User other = newUser("stepup-erase-fresh");
    deleteWith("/v1/auth/me", other.token(), Map.of()).expectStatus().isNoContent();
    get("/v1/auth/me", other.token()).expectStatus().isUnauthorized();
  }

  private static String code(String secret, long step) throws Exception {
    return new TimeBasedOneTimePasswordGenerator()
        .generateOneTimePasswordString(
            new SecretKeySpec(
                Base32.decode(secret + "=".repeat((8 - secret.length() % 8) % 8)), "HmacSHA1"),
            Instant.ofEpochSecond(step * 30));
  }

  @SuppressWarnings("unchecked")
  private String mfaToken(String username) {
    Map<String, Object> problem = post(
            "/v1/auth/token",
            Map.of("grant_type", "password", "username", username, "password", PASSWORD))
        .expectStatus()
        .isForbidden()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return (String) problem.get("mfa_token");
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> secondStep(String username, String otp) {
    return post(
            "/v1/auth/token",
            Map.of("grant_type", "mfa_otp", "mfa_token", mfaToken(username), "otp", otp))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  @DisplayName(
      "TOTP enrol, confirm and remove need a fresh login; password+TOTP login is one (acr mfa, auth_time now)")
  @SuppressWarnings("unchecked")
  void totp() throws Exception {
    User user = newUser("stepup-totp");
    aged(user.uId());
    stepUp(post("/v1/auth/mfa/totp", user.token(), Map.of()), null);
    String token = fresh(user);
    Map<String, Object> started = post("/v1/auth/mfa/totp", token, Map.of())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String secret = (String) started.get("secret");
    aged(user.uId());
    long s0 = Instant.now().getEpochSecond() / 30;
    stepUp(post("/v1/auth/mfa/totp/confirm", token, Map.of("code", code(secret, s0))), null);
    // not confirmed: a password alone still logs in
    token = fresh(user);
    List<String> recovery =
        (List<String>) post("/v1/auth/mfa/totp/confirm", token, Map.of("code", code(secret, s0)))
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("recovery_codes");

    long before = Instant.now().getEpochSecond();
    String mfa = (String) secondStep(user.username(), code(secret, s0 + 1)).get("access_token");
    assertThat(claims(mfa).get("acr")).isEqualTo("urn:kith:acr:mfa");
    assertThat(claims(mfa).get("amr")).isEqualTo(List.of("pwd", "otp", "mfa"));
    assertThat(authTime(mfa)).isBetween(before - 1, Instant.now().getEpochSecond() + 1);
    // an old login is not enough even with a second factor: removal is refused, logins still ask
    // for the code
    aged(user.uId());
    stepUp(deleteWith("/v1/auth/mfa/totp", mfa, Map.of("password", PASSWORD)), null);
    mfaToken(user.username());
    String again = (String) secondStep(user.username(), recovery.get(0)).get("access_token");
    deleteWith("/v1/auth/mfa/totp", again, Map.of("password", PASSWORD))
        .expectStatus()
        .isNoContent();
    login(user.username(), PASSWORD);
  }

  @Test
  @DisplayName("passkeys: registration and deletion need a fresh login")
  void passkeys() {
    User user = newUser("stepup-passkey");
    aged(user.uId());
    stepUp(post("/v1/auth/webauthn/registration/options", user.token(), Map.of()), null);
    stepUp(
        post(
            "/v1/auth/webauthn/registration",
            user.token(),
            Map.of("credential", Map.of("id", "AAAA", "type", "public-key", "response", Map.of()))),
        null);
    stepUp(delete("/v1/auth/webauthn/credentials/nope", user.token()), null);
    String token = fresh(user);
    post("/v1/auth/webauthn/registration/options", token, Map.of())
        .expectStatus()
        .isOk();
    delete("/v1/auth/webauthn/credentials/nope", token).expectStatus().isNotFound();
  }

  @Test
  @DisplayName(
      "personal access tokens: creating one needs a fresh login, and a personal access token is never one")
  @SuppressWarnings("unchecked")
  void personalAccessTokens() {
    User user = newUser("stepup-pat");
    aged(user.uId());
    Map<String, Object> create = Map.of("name", "ci", "scopes", List.of("read", "write"));
    stepUp(post("/v1/auth/personal-access-tokens", user.token(), create), null);
    String token = fresh(user);
    get("/v1/auth/personal-access-tokens", token)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.personal_access_tokens.length()")
        .isEqualTo(0);
    String pat = (String) post("/v1/auth/personal-access-tokens", token, create)
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("token");
    stepUp(post("/v1/auth/personal-access-tokens", pat, create), null);
    stepUp(get("/v1/auth/me/export", pat), null);
  }

  @Test
  @DisplayName("export, as JSON and as CSV, needs a fresh login (or a phishing-resistant one)")
  void export() {
    User user = newUser("stepup-export");
    aged(user.uId());
    stepUp(get("/v1/auth/me/export", user.token()), null);
    stepUp(get("/v1/auth/me/export?format=csv", user.token()), null);
    String token = fresh(user);
    get("/v1/auth/me/export", token).expectStatus().isOk();
    get("/v1/auth/me/export?format=csv", token).expectStatus().isOk();
  }

  @SuppressWarnings("unchecked")
  private String application(User admin, String name) {
    return (String) post(
            "/v1/aa/applications",
            admin.token(),
            Map.of(
                "name",
                name,
                "scopes",
                List.of("kyc"),
                "callback_uri",
                List.of("https://bank.example/callback"),
                "transitions",
                List.of(Map.of("state", "Submitted", "next_states", List.of()))))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("a_id");
  }

  @Test
  @DisplayName(
      "a first share with an application needs a fresh login and makes no instance; sharing with it again does"
          + " not")
  void shareWithNewApplication() {
    User bank = newUser("stepup-bank");
    String first = application(bank, "First Bank");
    String second = application(bank, "Second Bank");
    User person = newUser("stepup-share");
    String nId = person(person, "Sharer");
    aged(person.uId());
    Map<String, Object> toFirst = Map.of("a_id", first, "profile_objects", List.of(nId));
    stepUp(post("/v1/aa/instances", person.token(), toFirst), null);
    get("/v1/aa/instances", person.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(0);
    String token = fresh(person);
    post("/v1/aa/instances", token, toFirst).expectStatus().isCreated();
    aged(person.uId());
    post("/v1/aa/instances", token, toFirst).expectStatus().isCreated();
    stepUp(
        post("/v1/aa/instances", token, Map.of("a_id", second, "profile_objects", List.of(nId))),
        null);
    get("/v1/aa/instances", token)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(2);
  }
}

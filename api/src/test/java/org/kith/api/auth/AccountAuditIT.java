package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;
import org.kith.core.account.AccountService;
import org.kith.core.account.SecretHasher;
import org.kith.core.account.SessionService;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.VerificationEvent;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Logins, sessions, passwords, personal access tokens and signing keys are audited, with their details and
 * never a password, token or code.
 */
@DisplayName("audit of accounts, credentials and signing keys")
class AccountAuditIT extends KithIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHANGED = "a changed passphrase here";
  private static final String RESET = "a passphrase set by reset";

  @Autowired
  Driver driver;

  @Autowired
  SecretHasher secrets;

  @Autowired
  AuditTrail trail;

  /** A trail as {@code GET /v1/audit/{id}} answers it (newest first), and that answer's text. */
  private record Trail(List<Map<String, Object>> events, String text) {
    List<Object> types() {
      return events.stream().map(e -> e.get("event_type")).toList();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> event(int i) {
      return (Map<String, Object>) events.get(i).get("event");
    }
  }

  private Trail trail(String subject, String token) {
    String text = get("/v1/audit/" + subject, token)
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
    try {
      return new Trail(
          JSON.readValue(text, new TypeReference<List<Map<String, Object>>>() {}), text);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Map<?, ?> refresh(String refreshToken, int status) {
    return post(
            "/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken))
        .expectStatus()
        .isEqualTo(status)
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  @DisplayName("a login, a refresh, a reused refresh token and a logout are on the account's trail")
  void sessions() {
    String username = newUsername("sessions");
    String uId = signupVerified(username);
    Map<String, Object> first = login(username, PASSWORD);
    String used = (String) first.get("refresh_token");
    Map<?, ?> rotated = refresh(used, 200);
    refresh(used, 401);
    Map<String, Object> second = login(username, PASSWORD);
    post(
            "/v1/auth/logout",
            (String) second.get("access_token"),
            Map.of("refresh_token", second.get("refresh_token")))
        .expectStatus()
        .isNoContent();
    Map<String, Object> third = login(username, PASSWORD);

    Trail t = trail(uId, (String) third.get("access_token"));
    assertThat(t.types())
        .containsExactly(
            "login",
            "token_revoke",
            "login",
            "token_revoke",
            "token_refresh",
            "login",
            "account_verify",
            "account_create");
    assertThat(t.events()).allSatisfy(e -> assertThat(e.get("u_id")).isEqualTo(uId));
    Object family = t.event(5).get("family_id");
    assertThat(t.event(5))
        .containsEntry("grant_type", "password")
        .containsEntry("amr", List.of("pwd"))
        .containsOnlyKeys("grant_type", "family_id", "amr");
    assertThat(t.event(4)).isEqualTo(Map.of("family_id", family));
    assertThat(t.event(3)).isEqualTo(Map.of("family_id", family, "reason", "refresh_token_reuse"));
    assertThat(t.event(1)).isEqualTo(Map.of("reason", "logout"));
    assertThat(t.event(2).get("family_id")).isNotEqualTo(family);
    for (Map<?, ?> tokens : List.of(first, rotated, second, third)) {
      for (String name : List.of("identity_token", "access_token", "refresh_token")) {
        assertThat(t.text()).doesNotContain((String) tokens.get(name));
      }
    }
    assertThat(t.text()).doesNotContain(PASSWORD);
  }

  @Test
  @DisplayName(
      "a failed login is chained under the name's keyed hash, the same whether or not the account exists")
  void failedLogins() {
    String known = newUsername("known");
    String knownUId = signupVerified(known);
    String unknown = newUsername("unknown");
    String unverified = newUsername("unverified");
    signup(unverified);
    String wrong = "not the password at all";
    for (String name : List.of(known, unknown)) {
      post("/v1/auth/token", Map.of("grant_type", "password", "username", name, "password", wrong))
          .expectStatus()
          .isUnauthorized();
    }
    post(
            "/v1/auth/token",
            Map.of("grant_type", "password", "username", unverified, "password", PASSWORD))
        .expectStatus()
        .isForbidden();

    List<Map<String, Object>> ofKnown = failures(known);
    List<Map<String, Object>> ofUnknown = failures(unknown);
    assertThat(ofKnown).hasSize(1).isEqualTo(ofUnknown);
    assertThat(ofKnown.get(0))
        .isEqualTo(Map.of(
            "event_type",
            "login_error",
            "event",
            Map.of("grant_type", "password", "error", "invalid_user_credentials")));
    assertThat(failures(unverified))
        .extracting(e -> e.get("event"))
        .containsExactly(Map.of("grant_type", "password", "error", "account_not_verified"));
    try (var session = driver.session()) {
      long mentions = session
          .run(
              "MATCH (e:AuditEvent) WHERE (e.subject = $u_id"
                  + " AND NOT e.event_type IN ['account_create', 'account_verify'])"
                  + " OR any(s IN [$known, $unknown, $wrong] WHERE e.subject CONTAINS s OR e.event CONTAINS s)"
                  + " RETURN count(e) AS n",
              Map.of("u_id", knownUId, "known", known, "unknown", unknown, "wrong", wrong))
          .single()
          .get("n")
          .asLong();
      assertThat(mentions)
          .as("no event names the username or the password, or is on the account's trail")
          .isZero();
    }
  }

  /** The stored failed-login events of a username, oldest first; each has no actor. */
  private List<Map<String, Object>> failures(String username) {
    String subject =
        SessionService.loginFailureSubject(secrets, AccountService.normalizeUsername(username));
    try (var session = driver.session()) {
      return session
          .run(
              "MATCH (e:AuditEvent {subject: $s}) WHERE e.u_id IS NULL RETURN e.event_type AS event_type,"
                  + " e.event AS event ORDER BY e.seq",
              Map.of("s", subject))
          .list(r -> Map.of(
              "event_type",
              r.get("event_type").asString(),
              "event",
              parse(r.get("event").asString())));
    }
  }

  private static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @DisplayName("a password change and a password reset are on the account's trail")
  void passwords() {
    User user = newUser("passwords");
    post(
            "/v1/auth/password-change",
            user.token(),
            Map.of("password_existing", PASSWORD, "password_new", CHANGED))
        .expectStatus()
        .isOk();
    post("/v1/auth/password-reset", Map.of("username", user.username()))
        .expectStatus()
        .isOk();
    String code = PickupMails.latestCode(DATA_DIR, user.username(), 2);
    post(
            "/v1/auth/password-confirm",
            Map.of("username", user.username(), "verification_code", code, "password", RESET))
        .expectStatus()
        .isOk();
    String token = (String) login(user.username(), RESET).get("access_token");

    Trail t = trail(user.uId(), token);
    assertThat(t.types())
        .containsExactly(
            "login",
            "password_reset",
            "password_change",
            "login",
            "account_verify",
            "account_create");
    assertThat(t.event(1)).isEmpty();
    assertThat(t.event(2)).isEmpty();
    assertThat(t.events()).allSatisfy(e -> assertThat(e.get("u_id")).isEqualTo(user.uId()));
    assertThat(t.text()).doesNotContain(PASSWORD, CHANGED, RESET, code, token, user.token());
  }

  @Test
  @DisplayName(
      "issuing and revoking a personal access token are on the holder's trail, without its secret")
  void personalAccessTokens() {
    User user = newUser("pats");
    Map<?, ?> created = post(
            "/v1/auth/personal-access-tokens",
            user.token(),
            Map.of("name", "ci", "scopes", List.of("write", "read"), "expires_in_days", 30))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String id = (String) created.get("id");
    delete("/v1/auth/personal-access-tokens/" + id, user.token()).expectStatus().isNoContent();
    delete("/v1/auth/personal-access-tokens/" + id, user.token()).expectStatus().isNotFound();

    Trail t = trail(user.uId(), user.token());
    assertThat(t.types())
        .as("the refused second delete wrote nothing")
        .containsExactly(
            "personal_access_token_delete",
            "personal_access_token_create",
            "login",
            "account_verify",
            "account_create");
    assertThat(t.event(0)).isEqualTo(Map.of("id", id));
    assertThat(t.event(1))
        .containsOnlyKeys("id", "name", "scopes", "expires_at")
        .containsEntry("id", id)
        .containsEntry("name", "ci")
        .containsEntry("scopes", List.of("read", "write"));
    assertThat(Duration.between(
                Instant.parse((String) t.event(1).get("expires_at")),
                Instant.parse((String) created.get("expires_at")))
            .abs())
        .isLessThan(Duration.ofSeconds(1));
    assertThat(t.text()).doesNotContain((String) created.get("token"));
  }

  @Test
  @DisplayName(
      "rotating and removing signing keys are chained on the key ring's trail, naming the admin")
  void signingKeys() {
    String admin = adminToken();
    Object adminUId = get("/v1/auth/me", admin)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("u_id");
    String retired = rotate(admin);
    String current = rotate(admin);
    delete("/v1/verify/keys/" + retired, admin).expectStatus().isNoContent();

    try (var session = driver.session()) {
      List<Map<String, Object>> events = session
          .run(
              "MATCH (e:AuditEvent {subject: $s}) RETURN e.event_type AS type,"
                  + " e.event AS event, e.u_id AS u_id ORDER BY e.seq DESC LIMIT 3",
              Map.of("s", VerificationEvent.SIGNING_KEYS))
          .list(r -> Map.of(
              "type",
              r.get("type").asString(),
              "event",
              parse(r.get("event").asString()),
              "u_id",
              r.get("u_id").asString()));
      assertThat(events)
          .containsExactly(
              Map.of(
                  "type", "signing_key_remove", "event", Map.of("kid", retired), "u_id", adminUId),
              Map.of(
                  "type", "signing_key_rotate", "event", Map.of("kid", current), "u_id", adminUId),
              Map.of(
                  "type", "signing_key_rotate", "event", Map.of("kid", retired), "u_id", adminUId));
    }
    assertThat(trail.verify(VerificationEvent.SIGNING_KEYS).block()).isTrue();
  }

  private String rotate(String admin) {
    return (String) post("/v1/verify/keys/rotate", admin, Map.of())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("kid");
  }
}

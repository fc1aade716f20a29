package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;
import org.kith.core.account.AccountService;
import org.kith.core.account.SecretHasher;
import org.kith.core.account.SessionService;
import org.kith.core.audit.AuditTrail;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Sign-up and verification, password reset requests and their cancellation, client-credential grants, and the
 * instances a deleted application ends are audited, with no name, secret, token or code in the trail.
 */
@DisplayName("audit of sign-ups, reset requests, application grants and instance ends")
class CredentialAuditIT extends KithIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CANCEL_LINK =
      Pattern.compile("(/v1/auth/password-reset/cancel)\\?token=(\\S+)");

  @Autowired
  Driver driver;

  @Autowired
  SecretHasher secrets;

  @Autowired
  AuditTrail trail;

  /** One stored event: type, actor and details. */
  private record Event(String type, @Nullable String uId, Map<String, Object> event) {}

  /** The subject's stored events, oldest first. */
  private List<Event> events(String subject) {
    try (var session = driver.session()) {
      return session
          .run(
              "MATCH (e:AuditEvent {subject: $s}) RETURN e.event_type AS type, e.u_id AS u_id,"
                  + " e.event AS event ORDER BY e.seq",
              Map.of("s", subject))
          .list(r -> new Event(
              r.get("type").asString(),
              r.get("u_id").asString(null),
              parse(r.get("event").asString())));
    }
  }

  /** How many stored events mention any of the strings, in their subject or details. */
  private long mentions(String... strings) {
    try (var session = driver.session()) {
      return session
          .run(
              "MATCH (e:AuditEvent) WHERE any(s IN $s WHERE e.subject CONTAINS s OR e.event CONTAINS s)"
                  + " RETURN count(e) AS n",
              Map.of("s", List.of(strings)))
          .single()
          .get("n")
          .asLong();
    }
  }

  private static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String resetSubject(String username) {
    return AccountService.resetRequestSubject(secrets, AccountService.normalizeUsername(username));
  }

  @Test
  @DisplayName(
      "a reset request is chained anonymously under the name's keyed hash, alike for an unknown name;"
          + " its cancel is on the account's trail")
  void passwordResetRequestAndCancel() {
    String known = newUsername("reset-known");
    String uId = signupVerified(known);
    String unknown = newUsername("reset-unknown");
    for (String name : List.of(known, unknown)) {
      post("/v1/auth/password-reset", Map.of("username", name)).expectStatus().isOk();
    }
    Event requested = new Event("password_reset_request", null, Map.of());
    assertThat(events(resetSubject(known))).containsExactly(requested);
    assertThat(events(resetSubject(unknown))).containsExactly(requested);
    List<Event> signedUp = List.of(
        new Event("account_create", uId, Map.of("invited", false)),
        new Event("account_verify", uId, Map.of()));
    assertThat(events(uId))
        .as("sign-up and verification; the request is not on the account's trail")
        .isEqualTo(signedUp);

    PickupMails.latestCode(DATA_DIR, known, 2);
    var mails = PickupMails.mailsTo(DATA_DIR, known);
    Matcher link = CANCEL_LINK.matcher(PickupMails.textOf(mails.get(mails.size() - 1)));
    assertThat(link.find()).isTrue();
    post(link.group(1), Map.of("token", link.group(2))).expectStatus().isOk();
    post(link.group(1), Map.of("token", link.group(2))).expectStatus().isBadRequest();

    assertThat(events(uId))
        .as("the refused second cancel wrote nothing")
        .hasSize(3)
        .startsWith(signedUp.toArray(Event[]::new))
        .endsWith(new Event("password_reset_cancel", uId, Map.of()));
    assertThat(mentions(known, unknown, link.group(2))).isZero();
  }

  @Test
  @DisplayName(
      "a client_credentials issue is on the application's trail; a refusal under the id's keyed hash,"
          + " the same for an unknown id and a wrong secret")
  void clientCredentials() {
    User admin = newUser("app-admin");
    Map<?, ?> app = post(
            "/v1/aa/applications",
            admin.token(),
            Map.of("name", "Audited App", "generate_secret", true))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String aId = (String) app.get("a_id");
    String key = (String) app.get("key");
    String secret = (String) app.get("secret");
    String unknownKey = key + "0";
    post(
            "/v1/auth/token",
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                key,
                "client_secret",
                "not the secret"))
        .expectStatus()
        .isUnauthorized();
    post(
            "/v1/auth/token",
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                unknownKey,
                "client_secret",
                secret))
        .expectStatus()
        .isUnauthorized();
    Map<?, ?> tokens = post(
            "/v1/auth/token",
            Map.of("grant_type", "client_credentials", "client_id", key, "client_secret", secret))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();

    assertThat(events(aId))
        .containsExactly(
            new Event("application_create", admin.uId(), Map.of("name", "Audited App")),
            new Event(
                "application_token_issue",
                "app:" + aId,
                Map.of("grant_type", "client_credentials")));
    Event refused = new Event(
        "application_login_error",
        null,
        Map.of("grant_type", "client_credentials", "error", "invalid_client"));
    assertThat(events(SessionService.clientFailureSubject(secrets, key))).containsExactly(refused);
    assertThat(events(SessionService.clientFailureSubject(secrets, unknownKey)))
        .containsExactly(refused);
    assertThat(mentions(key, secret, "not the secret", (String) tokens.get("access_token")))
        .isZero();
  }

  @Test
  @DisplayName(
      "deleting an application ends each of its active instances on the instance's trail, not the"
          + " withdrawn ones")
  void applicationDeletionEndsInstances() {
    User admin = newUser("ending-admin");
    User person = newUser("ending-person");
    String aId = (String) post("/v1/aa/applications", admin.token(), Map.of("name", "Ending App"))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("a_id");
    String active = share(person, aId, person(person, "Active"));
    String withdrawn = share(person, aId, person(person, "Withdrawn"));
    delete("/v1/aa/instances/" + withdrawn, person.token()).expectStatus().isOk();
    delete("/v1/aa/applications/" + aId, admin.token()).expectStatus().isNoContent();

    assertThat(events(active))
        .extracting(Event::type)
        .containsExactly("instance_share", "instance_end");
    assertThat(events(active).get(1))
        .isEqualTo(new Event(
            "instance_end",
            admin.uId(),
            Map.of("from", "Submitted", "reason", "application_deleted")));
    assertThat(events(withdrawn))
        .extracting(Event::type)
        .containsExactly("instance_share", "instance_withdraw");
    assertThat(events(aId))
        .extracting(Event::type)
        .containsExactly("application_create", "application_delete");
    get("/v1/audit/" + active, person.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].event_type")
        .isEqualTo("instance_end");
    assertThat(trail.verify(active).block()).isTrue();
  }

  private String share(User person, String aId, String nId) {
    return (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(nId)))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
  }
}

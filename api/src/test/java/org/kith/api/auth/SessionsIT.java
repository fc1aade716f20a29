package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;
import org.springframework.http.MediaType;

@DisplayName("/v1/auth/sessions")
class SessionsIT extends KithIT {

  @SuppressWarnings("unchecked")
  private Map<String, Object> loginFrom(String username, String userAgent) {
    return http.post()
        .uri("/v1/auth/token")
        .contentType(MediaType.APPLICATION_JSON)
        .header("User-Agent", userAgent)
        .bodyValue(Map.of("grant_type", "password", "username", username, "password", PASSWORD))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> sessions(String token) {
    String text = get("/v1/auth/sessions", token)
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
    assertThat(text).as("never the whole address").doesNotContain("127.0.0.1");
    try {
      Map<String, Object> body =
          new com.fasterxml.jackson.databind.ObjectMapper().readValue(text, Map.class);
      return (List<Map<String, Object>>) body.get("sessions");
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static String access(Map<String, Object> tokens) {
    return (String) tokens.get("access_token");
  }

  private void refreshes(Map<String, Object> tokens, int status) {
    post(
            "/v1/auth/token",
            Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")))
        .expectStatus()
        .isEqualTo(status);
  }

  @Test
  @DisplayName(
      "lists my sessions with device, /24 prefix, times and the current flag; a new device is emailed")
  void listAndNewDevice() {
    String name = newUsername("sessions");
    String uId = signupVerified(name);
    int mails = PickupMails.mailsTo(DATA_DIR, name).size();
    Map<String, Object> laptop = loginFrom(name, "Laptop/1.0");
    assertThat(PickupMails.mailsTo(DATA_DIR, name))
        .as("the first login of an account is not a new device")
        .hasSize(mails);
    Map<String, Object> phone = loginFrom(name, "Phone/2.0");
    assertThat(PickupMails.mailsTo(DATA_DIR, name)).hasSize(mails + 1);
    String mail = PickupMails.textOf(PickupMails.mailsTo(DATA_DIR, name).get(mails));
    assertThat(mail).contains("Phone/2.0").contains("127.0.0.0/24").doesNotContain("127.0.0.1");
    loginFrom(name, "Laptop/1.0");
    assertThat(PickupMails.mailsTo(DATA_DIR, name))
        .as("a device seen before is not emailed")
        .hasSize(mails + 1);

    List<Map<String, Object>> listed = sessions(access(phone));
    assertThat(listed).hasSize(3);
    assertThat(listed)
        .filteredOn(s -> Boolean.TRUE.equals(s.get("current")))
        .singleElement()
        .satisfies(s -> {
          assertThat(s.get("user_agent")).isEqualTo("Phone/2.0");
          assertThat(s.get("ip_prefix")).isEqualTo("127.0.0.0/24");
          assertThat(s).containsKeys("id", "created_at", "last_used_at");
        });
    assertThat(listed).extracting(s -> s.get("user_agent")).containsOnly("Laptop/1.0", "Phone/2.0");
    // a refresh moves last_used_at and keeps the session
    refreshes(laptop, 200);
    assertThat(sessions(access(phone))).hasSize(3);
    assertThat(uId).isNotBlank();
  }

  @Test
  @DisplayName(
      "ending one kills its refresh and access tokens at once; another person's id is a 404 like none")
  void endOne() {
    User other = newUser("sessions-other");
    String name = newUsername("sessions-end");
    String uId = signupVerified(name);
    Map<String, Object> first = loginFrom(name, "A/1");
    Map<String, Object> second = loginFrom(name, "B/1");
    String firstId = sessions(access(first)).stream()
        .filter(s -> Boolean.TRUE.equals(s.get("current")))
        .map(s -> (String) s.get("id"))
        .findFirst()
        .orElseThrow();
    String otherId = (String) sessions(other.token()).get(0).get("id");

    String foreign = notFound(delete("/v1/auth/sessions/" + otherId, access(second)), otherId);
    String unknown = "00000000-0000-0000-0000-000000000000";
    assertThat(notFound(delete("/v1/auth/sessions/" + unknown, access(second)), unknown))
        .isEqualTo(foreign);
    get("/v1/auth/me", other.token()).expectStatus().isOk();

    delete("/v1/auth/sessions/" + firstId, access(second)).expectStatus().isNoContent();
    get("/v1/auth/me", access(first)).expectStatus().isUnauthorized();
    refreshes(first, 401);
    get("/v1/auth/me", access(second)).expectStatus().isOk();
    assertThat(sessions(access(second)))
        .extracting(s -> s.get("id"))
        .doesNotContain(firstId)
        .hasSize(1);
    // ended already: nothing to end
    notFound(delete("/v1/auth/sessions/" + firstId, access(second)), firstId);

    String trail = get("/v1/audit/" + uId, access(second))
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
    assertThat(trail).contains("\"token_revoke\"").contains("session_end").contains(firstId);
  }

  @Test
  @DisplayName("ending all others keeps only the current session")
  void endOthers() {
    String name = newUsername("sessions-others");
    signupVerified(name);
    Map<String, Object> a = loginFrom(name, "A/1");
    Map<String, Object> b = loginFrom(name, "B/1");
    Map<String, Object> c = loginFrom(name, "C/1");
    Map<?, ?> answer = delete("/v1/auth/sessions", access(c))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(answer.get("ended")).isEqualTo(2);
    get("/v1/auth/me", access(a)).expectStatus().isUnauthorized();
    get("/v1/auth/me", access(b)).expectStatus().isUnauthorized();
    refreshes(b, 401);
    get("/v1/auth/me", access(c)).expectStatus().isOk();
    assertThat(sessions(access(c)))
        .singleElement()
        .satisfies(s -> assertThat(s.get("current")).isEqualTo(true));
    http.get().uri("/v1/auth/sessions").exchange().expectStatus().isUnauthorized();
  }
}

package org.kith.api.consent;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.api.KithIT;
import org.springframework.http.MediaType;

/**
 * Where transition actions may lead: webhook hosts that are special-purpose addresses and email destinations that
 * are not one plain address are refused at registration, naming the field; what a failed delivery records is
 * generic. Nothing here connects beyond loopback (the test settings list only loopback besides global addresses,
 * and refused URLs are never delivered).
 */
@DisplayName("transition actions: where webhooks and emails may go")
class ActionTargetsIT extends KithIT {
  private static final String ACTION = "transitions/0/next_states/0/actions/0";

  private static Map<String, Object> appWith(Map<String, Object> action) {
    return Map.of(
        "name",
        "Targets",
        "transitions",
        List.of(Map.of(
            "state",
            "Submitted",
            "next_states",
            List.of(Map.of("state", "Processing", "actions", List.of(action))))));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://100.100.100.200/x",
        "https://[fd00:ec2::254]/x",
        "https://169.254.169.254/x",
        "https://198.18.0.1/x",
        "https://192.0.0.1/x",
        "https://[64:ff9b::a9fe:a9fe]/x",
        "https://[2002:a9fe:a9fe::]/x",
        "https://[::7f00:1]/x",
        "https://[::ffff:10.0.0.1]/x",
        "https://2130706433/x",
        "https://0177.0.0.1/x",
        "http://100.100.100.200/x"
      })
  @DisplayName("a webhook URL whose host is a special-purpose address is a 400 naming the url")
  void specialPurposeWebhook(String url) {
    User admin = newUser("targets-hook");
    post("/v1/aa/applications", admin.token(), appWith(Map.of("method", "webhook", "url", url)))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo(ACTION + "/url");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a@b.c\r\nBcc: x@y.z",
        "a@b.c\nBcc: x@y.z",
        "ops@example.org\u0000",
        "Ops <ops@example.org>",
        "ops@example.org, other@example.org"
      })
  @DisplayName(
      "an email destination with CR, LF, control characters or more than one address is a 400 naming it")
  void injectedEmail(String destination) {
    User admin = newUser("targets-mail");
    post(
            "/v1/aa/applications",
            admin.token(),
            appWith(
                Map.of("method", "email", "destinations", List.of("ops@example.org", destination))))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo(ACTION + "/destinations");
  }

  @Test
  @DisplayName(
      "a failed delivery records only a generic reason: a closed port is 'failed', with no address in it")
  void genericLastError() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    User bank = newUser("targets-bank");
    User person = newUser("targets-person");
    String aId = (String) post(
            "/v1/aa/applications",
            bank.token(),
            appWith(Map.of("method", "webhook", "url", "http://127.0.0.1:" + closed + "/hook")))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("a_id");
    String iId = (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(person(person, "Targeted"))))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
    put("/v1/aa/instances/" + iId, bank.token(), Map.of("_state", "Processing"))
        .expectStatus()
        .isOk();
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (get("/v1/aa/applications/" + aId + "/dead-letters", bank.token())
        .expectBody(List.class)
        .returnResult()
        .getResponseBody()
        .isEmpty()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no dead letter within 30 s");
      }
      sleep();
    }
    get("/v1/aa/applications/" + aId + "/dead-letters", bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].last_error")
        .isEqualTo("failed");
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}

package org.kith.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.NodeInterop;

@DisplayName(
    "events to applications: Standard Webhooks deliveries of shares, changes, moves and withdrawals")
class ApplicationEventsIT extends KithIT {
  private HttpServer receiver;
  /** What arrived: the three Standard Webhooks headers and the raw body. */
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/events", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      var h = exchange.getRequestHeaders();
      received.add(Map.of(
          "webhook-id", String.valueOf(h.getFirst("webhook-id")),
          "webhook-timestamp", String.valueOf(h.getFirst("webhook-timestamp")),
          "webhook-signature", String.valueOf(h.getFirst("webhook-signature")),
          "body", new String(body, StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private String hook() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events";
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> app(User admin) {
    return post(
            "/v1/aa/applications",
            admin.token(),
            Map.of(
                "name",
                "Events",
                "transitions",
                List.of(Map.of(
                    "state", "Submitted", "next_states", List.of(Map.of("state", "Approved"))))))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  /** Each delivery of {@code type} checked by the Standard Webhooks library with {@code secret}. */
  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> verified(String secret, List<Map<String, String>> deliveries) {
    List<Map<String, Object>> input = new ArrayList<>();
    for (Map<String, String> d : deliveries) {
      input.add(Map.of(
          "secret",
          secret,
          "headers",
          Map.of(
              "webhook-id", d.get("webhook-id"),
              "webhook-timestamp", d.get("webhook-timestamp"),
              "webhook-signature", d.get("webhook-signature")),
          "body",
          d.get("body")));
    }
    return (List<Map<String, Object>>)
        NodeInterop.run("webhooks.mjs", Map.of("deliveries", input)).get("results");
  }

  private Map<String, String> arrived(String type) {
    eventually(
        Duration.ofSeconds(20),
        () -> received.stream().anyMatch(d -> d.get("body").contains("\"type\":\"" + type + "\"")));
    return received.stream()
        .filter(d -> d.get("body").contains("\"type\":\"" + type + "\""))
        .findFirst()
        .orElseThrow();
  }

  @Test
  @DisplayName(
      "a share, a change of a shared object, a move and a withdrawal each reach the application's webhook,"
          + " signed so the Standard Webhooks library accepts them and refuses them tampered")
  @SuppressWarnings("unchecked")
  void lifecycle() {
    User bank = newUser("ev-bank");
    User person = newUser("ev-person");
    Map<String, Object> app = app(bank);
    String aId = (String) app.get("a_id");
    String secret = (String) app.get("webhook_secret");
    assertThat(secret).startsWith("whsec_");
    put("/v1/aa/applications/" + aId + "/webhook", bank.token(), Map.of("url", hook()))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.url")
        .isEqualTo(hook())
        .jsonPath("$.events.length()")
        .isEqualTo(4);

    String nId = person(person, "Evented");
    String iId = (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(nId), "reference", "loan-9"))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
    Map<String, String> shared = arrived("instance.shared");

    renamePerson(person, nId, "Changed").expectStatus().isOk();
    Map<String, String> changed = arrived("instance.data_changed");
    put("/v1/aa/instances/" + iId, bank.token(), Map.of("_state", "Approved"))
        .expectStatus()
        .isOk();
    Map<String, String> moved = arrived("instance.moved");
    delete("/v1/aa/instances/" + iId, person.token()).expectStatus().is2xxSuccessful();
    Map<String, String> withdrawn = arrived("instance.withdrawn");

    List<Map<String, Object>> results =
        verified(secret, List.of(shared, changed, moved, withdrawn));
    assertThat(results).allSatisfy(r -> assertThat(r.get("ok")).isEqualTo(true));
    Map<String, Object> data =
        (Map<String, Object>) ((Map<String, Object>) results.get(0).get("payload")).get("data");
    assertThat(data)
        .containsEntry("i_id", iId)
        .containsEntry("a_id", aId)
        .containsEntry("reference", "loan-9")
        .containsEntry("profile_objects", List.of(nId));
    assertThat(shared.get("body")).as("no personal data in an event").doesNotContain("Evented");
    assertThat(changed.get("body")).contains("\"change\":\"updated\"").doesNotContain("Changed");
    assertThat(moved.get("body")).contains("\"_state\":\"Approved\"");
    assertThat(withdrawn.get("body")).contains("\"_state\":\"Withdrawn\"");
    assertThat(received.stream().map(d -> d.get("webhook-id")).distinct().count())
        .isEqualTo(received.size());

    Map<String, String> tampered = new java.util.HashMap<>(shared);
    tampered.put("body", shared.get("body").replace("loan-9", "loan-0"));
    assertThat(verified(secret, List.of(tampered)).get(0).get("ok")).isEqualTo(false);
    assertThat(verified(
                "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]),
                List.of(shared))
            .get(0)
            .get("ok"))
        .isEqualTo(false);
  }

  @Test
  @DisplayName(
      "after a rotation both secrets sign for a day; unsubscribed types are not sent; a removed endpoint gets"
          + " nothing more")
  void rotationSubscriptionRemoval() {
    User bank = newUser("evr-bank");
    User person = newUser("evr-person");
    Map<String, Object> app = app(bank);
    String aId = (String) app.get("a_id");
    String old = (String) app.get("webhook_secret");
    put(
            "/v1/aa/applications/" + aId + "/webhook",
            bank.token(),
            Map.of("url", hook(), "events", List.of("instance.withdrawn")))
        .expectStatus()
        .isOk();
    @SuppressWarnings("unchecked")
    Map<String, Object> rotated = post(
            "/v1/aa/applications/" + aId + "/webhook/secret", bank.token(), Map.of())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String fresh = (String) rotated.get("webhook_secret");
    assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
    assertThat(rotated.get("previous_secret_valid_until")).isNotNull();

    String iId = (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(person(person, "Rotated"))))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
    delete("/v1/aa/instances/" + iId, person.token()).expectStatus().is2xxSuccessful();
    Map<String, String> withdrawn = arrived("instance.withdrawn");
    assertThat(received).as("the share was not subscribed to").hasSize(1);
    assertThat(withdrawn.get("webhook-signature").split(" ")).hasSize(2);
    assertThat(verified(fresh, List.of(withdrawn)).get(0).get("ok")).isEqualTo(true);
    assertThat(verified(old, List.of(withdrawn)).get(0).get("ok")).isEqualTo(true);

    delete("/v1/aa/applications/" + aId + "/webhook", bank.token())
        .expectStatus()
        .isNoContent();
    get("/v1/aa/applications/" + aId + "/webhook", bank.token()).expectStatus().isNotFound();
    String again = (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(person(person, "Again"))))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
    delete("/v1/aa/instances/" + again, person.token()).expectStatus().is2xxSuccessful();
    assertThat(outboxEvents(again))
        .as("nothing is queued for an application without a webhook")
        .isZero();
  }

  @Test
  @DisplayName(
      "a person who erases their account withdraws every live instance: the application hears"
          + " instance.withdrawn (by account_erased) although the instance is gone")
  void erasure() {
    User bank = newUser("eve-bank");
    User person = newUser("eve-person");
    String aId = (String) app(bank).get("a_id");
    put("/v1/aa/applications/" + aId + "/webhook", bank.token(), Map.of("url", hook()))
        .expectStatus()
        .isOk();
    String iId = (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(person(person, "Erased"))))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
    arrived("instance.shared");
    http.method(org.springframework.http.HttpMethod.DELETE)
        .uri("/v1/auth/me")
        .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(person.token()))
        .bodyValue(Map.of("password", PASSWORD))
        .exchange()
        .expectStatus()
        .isNoContent();
    Map<String, String> withdrawn = arrived("instance.withdrawn");
    assertThat(withdrawn.get("body"))
        .contains("\"i_id\":\"" + iId + "\"")
        .contains("\"by\":\"account_erased\"");
  }

  @Test
  @DisplayName(
      "only the application's administrators see or set its webhook (others get the unknown application's 404);"
          + " a bad URL or event type is a 400 naming the field and changes nothing")
  void refusals() {
    User bank = newUser("evx-bank");
    User stranger = newUser("evx-stranger");
    String aId = (String) app(bank).get("a_id");
    put("/v1/aa/applications/" + aId + "/webhook", bank.token(), Map.of("url", hook()))
        .expectStatus()
        .isOk();
    String unknown = "00000000-0000-0000-0000-000000000000";
    assertThat(notFound(get("/v1/aa/applications/" + aId + "/webhook", stranger.token()), aId))
        .isEqualTo(notFound(
            get("/v1/aa/applications/" + unknown + "/webhook", stranger.token()), unknown));
    put("/v1/aa/applications/" + aId + "/webhook", stranger.token(), Map.of("url", hook()))
        .expectStatus()
        .isNotFound();
    post("/v1/aa/applications/" + aId + "/webhook/secret", stranger.token(), Map.of())
        .expectStatus()
        .isNotFound();
    delete("/v1/aa/applications/" + aId + "/webhook", stranger.token())
        .expectStatus()
        .isNotFound();
    for (Map<String, Object> bad : List.<Map<String, Object>>of(
        Map.of("url", "ftp://127.0.0.1/x"),
        Map.of("url", "http://rp.example/events"),
        Map.of("url", "https://10.0.0.7/events"),
        Map.of("url", hook(), "events", List.of("instance.nope")),
        Map.of("url", hook(), "events", List.of()),
        Map.of("events", List.of("instance.shared")))) {
      put("/v1/aa/applications/" + aId + "/webhook", bank.token(), bad)
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType("application/problem+json");
    }
    get("/v1/aa/applications/" + aId + "/webhook", bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.url")
        .isEqualTo(hook())
        .jsonPath("$.events.length()")
        .isEqualTo(4);
  }

  private long outboxEvents(String iId) {
    try (var session = driver.session()) {
      return session
          .run(
              "MATCH (o:OutboxEvent)-[:FOR]->(:Instance {i_id: $i}) RETURN count(o) AS n",
              Map.of("i", iId))
          .single()
          .get("n")
          .asLong();
    }
  }

  @org.springframework.beans.factory.annotation.Autowired
  org.neo4j.driver.Driver driver;
}

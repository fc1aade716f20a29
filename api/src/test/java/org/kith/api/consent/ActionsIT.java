package org.kith.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;
import org.kith.delivery.webhook.HttpWebhookSender;

@DisplayName("transition actions: email and signed webhooks, retries, dead letters, replay")
class ActionsIT extends KithIT {
  private HttpServer receiver;
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);

  @org.springframework.beans.factory.annotation.Autowired
  org.neo4j.driver.Driver driver;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      received.add(Map.of(
          "body",
          new String(body, StandardCharsets.UTF_8),
          "event",
          String.valueOf(exchange.getRequestHeaders().getFirst("Kith-Event-Id")),
          "timestamp",
          String.valueOf(exchange.getRequestHeaders().getFirst("Kith-Timestamp")),
          "signature",
          String.valueOf(exchange.getRequestHeaders().getFirst("Kith-Signature"))));
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> app(User admin, String mailTo) {
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    return post(
            "/v1/aa/applications",
            admin.token(),
            Map.of(
                "name",
                "Actions",
                "transitions",
                List.of(Map.of(
                    "state",
                    "Submitted",
                    "next_states",
                    List.of(Map.of(
                        "state",
                        "Processing",
                        "actions",
                        List.of(
                            Map.of(
                                "method",
                                "email",
                                "destinations",
                                List.of(mailTo),
                                "template",
                                "Instance {{i_id}} moved to {{_state}} (ref {{reference}})"),
                            Map.of("method", "webhook", "url", hook)))))),
                "generate_secret",
                true))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  private String shareAndMove(User bank, User person, String aId) {
    String iId = (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of(
                "a_id",
                aId,
                "profile_objects",
                List.of(person(person, "Acted")),
                "reference",
                "ref-7"))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
    put("/v1/aa/instances/" + iId, bank.token(), Map.of("_state", "Processing"))
        .expectStatus()
        .isOk();
    return iId;
  }

  @Test
  @DisplayName(
      "a legal transition emails its destinations and POSTs a webhook signed with the app's secret")
  void delivered() {
    User bank = newUser("acts-bank");
    User person = newUser("acts-person");
    String ops = newUsername("ops");
    Map<String, Object> app = app(bank, ops);
    String iId = shareAndMove(bank, person, (String) app.get("a_id"));
    eventually(
        Duration.ofSeconds(20),
        () -> !received.isEmpty() && !PickupMails.mailsTo(DATA_DIR, ops).isEmpty());
    Map<String, String> hook = received.get(0);
    assertThat(hook.get("body"))
        .contains("\"i_id\":\"" + iId + "\"")
        .contains("\"_state\":\"Processing\"");
    assertThat(hook.get("signature"))
        .isEqualTo("v1="
            + HttpWebhookSender.sign(
                (String) app.get("webhook_secret"),
                hook.get("timestamp"),
                hook.get("body").getBytes(StandardCharsets.UTF_8)));
    assertThat(hook.get("body")).contains(hook.get("event"));
    assertThat(PickupMails.textOf(PickupMails.mailsTo(DATA_DIR, ops).get(0)))
        .contains("Instance " + iId + " moved to Processing (ref ref-7)");
  }

  @Test
  @DisplayName(
      "a failing receiver is retried, then dead-lettered; a replay delivers it; purge removes dead letters")
  void deadLetters() {
    User bank = newUser("dl-bank");
    User person = newUser("dl-person");
    status.set(500);
    Map<String, Object> app = app(bank, newUsername("dl-ops"));
    String aId = (String) app.get("a_id");
    String iId = shareAndMove(bank, person, aId);
    eventually(
        Duration.ofSeconds(30),
        () -> get("/v1/aa/applications/" + aId + "/dead-letters", bank.token())
                .expectBody(List.class)
                .returnResult()
                .getResponseBody()
                .size()
            == 1);
    assertThat(received).hasSize(3);
    get("/v1/aa/applications/" + aId + "/dead-letters", bank.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].i_id")
        .isEqualTo(iId)
        .jsonPath("$[0].attempts")
        .isEqualTo(3)
        .jsonPath("$[0].last_error")
        .isEqualTo("HTTP 500");
    get("/v1/aa/applications/" + aId + "/dead-letters", person.token())
        .expectStatus()
        .isNotFound();
    status.set(200);
    post("/v1/aa/applications/" + aId + "/dead-letters/replay", bank.token(), Map.of())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.replayed")
        .isEqualTo(1);
    eventually(Duration.ofSeconds(20), () -> received.size() == 4);
    assertThat(received.get(3).get("event")).isEqualTo(received.get(0).get("event"));
    post("/v1/aa/applications/" + aId + "/dead-letters/purge", bank.token(), Map.of())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.purged")
        .isEqualTo(0);
    status.set(500);
    shareAndMove(bank, person, aId);
    eventually(
        Duration.ofSeconds(30),
        () -> get("/v1/aa/applications/" + aId + "/dead-letters", bank.token())
                .expectBody(List.class)
                .returnResult()
                .getResponseBody()
                .size()
            == 1);
    post("/v1/aa/applications/" + aId + "/dead-letters/purge", bank.token(), Map.of())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.purged")
        .isEqualTo(1);
    assertThat(deadLetterEvents(aId))
        .as("on the application's trail, by its admin; the purge of none wrote nothing")
        .containsExactly(
            List.of("dead_letters_replay", bank.uId(), "{\"count\":1}"),
            List.of("dead_letters_purge", bank.uId(), "{\"count\":1}"));
  }

  /** The application's stored dead-letter events, oldest first: type, actor and details. */
  private List<List<String>> deadLetterEvents(String aId) {
    try (var session = driver.session()) {
      return session
          .run(
              "MATCH (e:AuditEvent {subject: $s}) WHERE e.event_type STARTS WITH 'dead_letters'"
                  + " RETURN e.event_type AS type, e.u_id AS u_id, e.event AS event ORDER BY e.seq",
              Map.of("s", aId))
          .list(r -> List.of(
              r.get("type").asString(), r.get("u_id").asString(), r.get("event").asString()));
    }
  }
}

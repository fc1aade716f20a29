package org.kith.graph.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.account.Mailer;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ActionDelivery;
import org.kith.core.consent.Instance;
import org.kith.core.consent.OutboxEvent;
import org.kith.core.consent.WebhookSender;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;
import reactor.core.publisher.Mono;

@DisplayName("outbox")
class OutboxRestartTests {

  @Test
  @DisplayName(
      "actions written with a transition are delivered after a restart, once, and not while leased")
  void deliveredAfterRestart() {
    Path dir = TestGraph.newDataDir();
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    String iId;
    try (GraphConnection db = GraphConnection.open(GraphSettings.embedded(dir))) {
      db.cypher().write("CREATE (:User {u_id: 'o-u'})", Map.of()).block();
      var apps = new Neo4jApplicationStore(db.cypher());
      apps.create(
              new AccessApplication(
                  "o-a",
                  "App",
                  null,
                  List.of(),
                  List.of(),
                  null,
                  null,
                  List.of(),
                  List.of(),
                  Map.of(),
                  "kith_app_o",
                  "o-u",
                  null,
                  now),
              null,
              "whsec",
              List.of())
          .block();
      var instances = new Neo4jInstanceStore(db.cypher());
      iId = "o-i";
      instances
          .create(
              new Instance(
                  iId,
                  "o-a",
                  "o-u",
                  "Submitted",
                  null,
                  "12345678",
                  now,
                  null,
                  List.of(),
                  List.of(),
                  Map.of()),
              List.of(),
              List.of())
          .block();
      OutboxEvent mail = new OutboxEvent(
          "e-mail",
          iId,
          "o-a",
          Map.of(
              "method",
              "email",
              "destinations",
              List.of("ops@example.org"),
              "template",
              "{{i_id}} → {{_state}}"),
          Map.of("i_id", iId, "_state", "Done"),
          0,
          now,
          OutboxEvent.PENDING,
          null,
          now);
      OutboxEvent hook = new OutboxEvent(
          "e-hook",
          iId,
          "o-a",
          Map.of("method", "webhook", "url", "https://receiver.example/hook"),
          Map.of("i_id", iId),
          0,
          now,
          OutboxEvent.PENDING,
          null,
          now);
      assertThat(instances
              .move(iId, "Submitted", "Done", Map.of(), List.of(mail, hook), List.of())
              .block())
          .isTrue();
      // a stale move (the instance is no longer Submitted) writes nothing, not even its actions
      assertThat(instances
              .move(
                  iId,
                  "Submitted",
                  "Other",
                  Map.of(),
                  List.of(new OutboxEvent(
                      "e-stale",
                      iId,
                      "o-a",
                      Map.of("method", "email"),
                      Map.of(),
                      0,
                      now,
                      OutboxEvent.PENDING,
                      null,
                      now)),
                  List.of())
              .block())
          .isFalse();
    } // "crash": nothing was delivered before the database went away

    List<String> mails = new CopyOnWriteArrayList<>();
    List<String> hooks = new CopyOnWriteArrayList<>();
    Mailer mailer =
        email -> Mono.fromRunnable(() -> mails.add(email.to() + ": " + email.textBody()));
    WebhookSender sender = (url, eventId, payload, secret) -> Mono.fromCallable(() -> {
      hooks.add(eventId + " " + secret);
      return 204;
    });
    try (GraphConnection db = GraphConnection.open(GraphSettings.embedded(dir))) {
      var outbox = new Neo4jOutboxStore(db.cypher());
      var delivery = new ActionDelivery(
          outbox,
          new Neo4jApplicationStore(db.cypher()),
          mailer,
          sender,
          Clock.fixed(now.plusSeconds(1), java.time.ZoneOffset.UTC),
          Duration.ofSeconds(1),
          3);
      // another node holding a lease on everything due keeps this one from delivering it twice
      assertThat(outbox
              .claimDue(now.plusSeconds(1), Duration.ofMinutes(1), 10)
              .collectList()
              .block())
          .hasSize(2);
      assertThat(delivery.deliverDue().block()).isZero();
      var later = new ActionDelivery(
          outbox,
          new Neo4jApplicationStore(db.cypher()),
          mailer,
          sender,
          Clock.fixed(now.plusSeconds(120), java.time.ZoneOffset.UTC),
          Duration.ofSeconds(1),
          3);
      assertThat(later.deliverDue().block()).isEqualTo(2L);
      assertThat(later.deliverDue().block()).isZero();
    }
    assertThat(mails).containsExactly("ops@example.org: o-i → Done");
    assertThat(hooks).containsExactly("e-hook [whsec]");
  }
}

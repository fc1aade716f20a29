package org.kith.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.account.Mailer;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@DisplayName("action delivery")
class ActionDeliveryTests {
  private static final Instant NOW = Instant.parse("2026-04-01T12:00:00Z");
  private static final Duration BASE = Duration.ofSeconds(10);
  private static final int MAX_ATTEMPTS = 5;

  record Failure(String eventId, int attempts, Instant nextAt, boolean dead, String error) {}

  private final List<OutboxEvent> due = new ArrayList<>();
  private final List<String> delivered = new ArrayList<>();
  private final List<Failure> failures = new ArrayList<>();
  private final List<Mailer.Email> mails = new ArrayList<>();
  private final List<String> posted = new ArrayList<>();
  private Mono<Integer> webhookAnswer = Mono.just(204);

  private final OutboxStore outbox = new OutboxStore() {
    @Override
    public Flux<OutboxEvent> claimDue(Instant now, Duration lease, int limit) {
      return Flux.fromIterable(due).take(limit);
    }

    @Override
    public Mono<Void> delivered(String eventId, Instant now) {
      return Mono.fromRunnable(() -> delivered.add(eventId));
    }

    @Override
    public Mono<Void> failed(
        String eventId, int attempts, Instant nextAt, boolean dead, String error) {
      return Mono.fromRunnable(
          () -> failures.add(new Failure(eventId, attempts, nextAt, dead, error)));
    }

    @Override
    public Flux<OutboxEvent> list(String aId, String status, int limit) {
      return Flux.empty();
    }

    @Override
    public Mono<Long> replay(
        String aId,
        @Nullable List<String> ids,
        @Nullable Instant from,
        @Nullable Instant to,
        Instant now,
        java.util.function.LongFunction<List<org.kith.core.audit.AuditEvent>> audit) {
      return Mono.just(0L);
    }

    @Override
    public Mono<Long> purge(
        String aId,
        @Nullable List<String> ids,
        @Nullable Instant from,
        @Nullable Instant to,
        java.util.function.LongFunction<List<org.kith.core.audit.AuditEvent>> audit) {
      return Mono.just(0L);
    }
  };

  private final ApplicationServiceTests.MemoryApps apps = new ApplicationServiceTests.MemoryApps();
  private final ActionDelivery delivery = new ActionDelivery(
      outbox,
      apps,
      email -> {
        return Mono.fromRunnable(() -> mails.add(email));
      },
      (url, eventId, payload, secret) -> {
        return Mono.defer(() -> {
          posted.add(url + " " + eventId + " " + String.join(",", secret));
          return webhookAnswer;
        });
      },
      Clock.fixed(NOW, ZoneOffset.UTC),
      BASE,
      MAX_ATTEMPTS);

  ActionDeliveryTests() {
    apps.apps.put(
        "a1",
        new AccessApplication(
            "a1",
            "App",
            null,
            List.of(),
            List.of(),
            null,
            null,
            List.of(),
            List.of(),
            Map.of(),
            "kith_app_k",
            "owner",
            null,
            NOW));
  }

  private static OutboxEvent webhook(String id, String aId, int attempts) {
    return new OutboxEvent(
        id,
        "i1",
        aId,
        Map.of("method", "webhook", "url", "https://hooks.example/in"),
        Map.of("i_id", "i1", "_state", "Done"),
        attempts,
        NOW,
        OutboxEvent.PENDING,
        null,
        NOW);
  }

  @Test
  @DisplayName("emails go to every destination with the template filled from the event")
  void email() {
    due.add(new OutboxEvent(
        "e1",
        "i1",
        "a1",
        Map.of(
            "method",
            "email",
            "destinations",
            List.of("a@x.example", "b@x.example"),
            "template",
            "{{i_id}} moved to {{_state}}"),
        Map.of("i_id", "i1", "_state", "Done"),
        0,
        NOW,
        OutboxEvent.PENDING,
        null,
        NOW));
    assertThat(delivery.deliverDue().block()).isEqualTo(1L);
    assertThat(mails).extracting(Mailer.Email::to).containsExactly("a@x.example", "b@x.example");
    assertThat(mails).allSatisfy(m -> {
      assertThat(m.textBody()).isEqualTo("i1 moved to Done");
      assertThat(m.subject()).isEqualTo("Kith: instance i1 is Done");
    });
    assertThat(delivered).containsExactly("e1");
  }

  @Test
  @DisplayName(
      "an application event goes to the endpoint it has when it is delivered, signed with every secret in use;"
          + " without an endpoint taking its type it is retried like any failure")
  void applicationEvent() {
    Instance i = new Instance(
        "i1", "a1", "u1", "Submitted", null, "1", NOW, null, List.of("n1"), List.of(), Map.of());
    apps.webhookSecrets.put("a1", List.of("whsec_new", "whsec_old"));
    due.add(ApplicationEvents.withdrawn(i, NOW));
    assertThat(delivery.deliverDue().block()).isZero();
    assertThat(failures).hasSize(1);
    apps.webhooks.put(
        "a1",
        new WebhookEndpoint(
            "https://rp.example/events", List.of(ApplicationEvents.SHARED), NOW, null));
    OutboxEvent shared = ApplicationEvents.shared(i, List.of("n1"), NOW);
    due.add(shared);
    assertThat(delivery.deliverDue().block()).isEqualTo(1L);
    assertThat(posted)
        .containsExactly("https://rp.example/events " + shared.eventId() + " whsec_new,whsec_old");
    assertThat(shared.payload()).containsEntry("type", "instance.shared");
  }

  @Test
  @DisplayName("a webhook is signed with its application's secret and delivered on any 2xx")
  void webhookDelivered() {
    due.add(webhook("e1", "a1", 0));
    assertThat(delivery.deliverDue().block()).isEqualTo(1L);
    assertThat(posted).containsExactly("https://hooks.example/in e1 whsec-a1");
    assertThat(failures).isEmpty();
  }

  @Test
  @DisplayName(
      "a non-2xx answer is retried after base times 2 to the attempts, and recorded as its status only")
  void retried() {
    webhookAnswer = Mono.just(500);
    due.add(webhook("e1", "a1", 0));
    due.add(webhook("e2", "a1", 2));
    assertThat(delivery.deliverDue().block()).isZero();
    assertThat(failures)
        .containsExactly(
            new Failure("e1", 1, NOW.plus(BASE.multipliedBy(2)), false, "HTTP 500"),
            new Failure("e2", 3, NOW.plus(BASE.multipliedBy(8)), false, "HTTP 500"));
    assertThat(delivered).isEmpty();
  }

  @Test
  @DisplayName("the wait between retries is at most an hour")
  void backoffCap() {
    webhookAnswer = Mono.just(503);
    ActionDelivery patient = new ActionDelivery(
        outbox,
        apps,
        m -> Mono.empty(),
        (u, e, p, s) -> webhookAnswer,
        Clock.fixed(NOW, ZoneOffset.UTC),
        BASE,
        100);
    due.add(webhook("e1", "a1", 30));
    patient.deliverDue().block();
    assertThat(failures)
        .singleElement()
        .extracting(Failure::nextAt)
        .isEqualTo(NOW.plus(Duration.ofHours(1)));
  }

  @Test
  @DisplayName("after the last allowed attempt the event is a dead letter")
  void deadLetter() {
    webhookAnswer = Mono.just(404);
    due.add(webhook("e1", "a1", MAX_ATTEMPTS - 2));
    due.add(webhook("e2", "a1", MAX_ATTEMPTS - 1));
    delivery.deliverDue().block();
    assertThat(failures).extracting(Failure::dead).containsExactly(false, true);
  }

  @Test
  @DisplayName(
      "an exception's text is never shown: a failure is refused, timed out, HTTP status or failed")
  void reasons() {
    webhookAnswer = Mono.error(new IOException("Connection refused: /10.0.0.1:8080"));
    due.add(webhook("e1", "a1", 0));
    delivery.deliverDue().block();
    webhookAnswer = Mono.error(DeliveryFailure.refused());
    delivery.deliverDue().block();
    webhookAnswer = Mono.error(DeliveryFailure.timedOut(new IOException("read timed out")));
    delivery.deliverDue().block();
    due.set(0, webhook("e1", "gone", 0)); // the application was deleted
    delivery.deliverDue().block();
    assertThat(failures)
        .extracting(Failure::error)
        .containsExactly("failed", "refused", "timed out", "failed");
  }

  @Test
  @DisplayName("one failing event does not stop the others in the batch")
  void isolation() {
    due.add(webhook("e1", "gone", 0));
    due.add(webhook("e2", "a1", 0));
    assertThat(delivery.deliverDue().block()).isEqualTo(1L);
    assertThat(delivered).containsExactly("e2");
    assertThat(failures).extracting(Failure::eventId).containsExactly("e1");
  }

  @Test
  @DisplayName("at most 20 events are claimed per run")
  void batch() {
    for (int i = 0; i < 25; i++) {
      due.add(webhook("e" + i, "a1", 0));
    }
    assertThat(delivery.deliverDue().block()).isEqualTo(ActionDelivery.BATCH);
  }

  @Test
  @DisplayName(
      "templates are filled without running anything: unknown names become empty, values are text")
  void render() {
    assertThat(ActionDelivery.render("{{a}}{{b}}{{a}}", Map.of("a", 1))).isEqualTo("11");
    assertThat(ActionDelivery.render("${a} #{a} {{ a.b }}", Map.of("a", "x")))
        .isEqualTo("${a} #{a} ");
    assertThat(ActionDelivery.render("no close {{a", Map.of("a", "x"))).isEqualTo("no close {{a");
    assertThat(ActionDelivery.render("{{a}}", Map.of("a", "{{b}}", "b", "y"))).isEqualTo("{{b}}");
  }
}

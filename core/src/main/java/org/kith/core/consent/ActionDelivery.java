package org.kith.core.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.Mailer;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.ConsentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Delivers the outbox: emails through the {@link Mailer}, webhooks (transition actions to their URL, {@link
 * ApplicationEvents} to the application's {@link WebhookEndpoint}) through the {@link WebhookSender}. A failed
 * delivery is retried with exponential backoff ({@code base · 2^attempts}, at most an hour apart) and becomes a
 * dead letter after {@code maxAttempts}; dead letters can be listed, replayed and purged by the application's
 * administrators. What a failure is recorded as is one of {@link DeliveryFailure}'s generic reasons, never an
 * exception's text. Thread-safe; run {@link #deliverDue()} periodically.
 */
public final class ActionDelivery {
  static final int BATCH = 20;
  /** Longer than one delivery can take (10 s timeout); a crash mid-delivery delays the retry by at most this. */
  static final Duration LEASE = Duration.ofSeconds(30);

  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  private final OutboxStore outbox;
  private final ApplicationStore apps;
  private final Mailer mailer;
  private final WebhookSender webhooks;
  private final Clock clock;
  private final Duration retryBase;
  private final int maxAttempts;
  private final Map<String, ActionSender> others;

  /** Port: delivers an action of another method (such as a back-channel logout); answers the HTTP status. */
  public interface ActionSender {
    Mono<Integer> send(OutboxEvent event);
  }

  public ActionDelivery(
      OutboxStore outbox,
      ApplicationStore apps,
      Mailer mailer,
      WebhookSender webhooks,
      Clock clock,
      Duration retryBase,
      int maxAttempts) {
    this(outbox, apps, mailer, webhooks, clock, retryBase, maxAttempts, Map.of());
  }

  /** @param others the senders of other action methods, by method */
  public ActionDelivery(
      OutboxStore outbox,
      ApplicationStore apps,
      Mailer mailer,
      WebhookSender webhooks,
      Clock clock,
      Duration retryBase,
      int maxAttempts,
      Map<String, ActionSender> others) {
    this.others = Map.copyOf(others);
    this.outbox = outbox;
    this.apps = apps;
    this.mailer = mailer;
    this.webhooks = webhooks;
    this.clock = clock;
    this.retryBase = retryBase;
    this.maxAttempts = maxAttempts;
  }

  /** Delivers what is due now; emits how many were delivered. */
  public Mono<Long> deliverDue() {
    return outbox
        .claimDue(clock.instant(), LEASE, BATCH)
        .concatMap(e -> deliver(e)
            .then(outbox.delivered(e.eventId(), clock.instant()))
            .thenReturn(1L)
            .onErrorResume(error -> retryLater(e, error).thenReturn(0L)))
        .reduce(0L, Long::sum);
  }

  private Mono<Void> deliver(OutboxEvent e) {
    if ("email".equals(e.method())) {
      Object to = e.action().get("destinations");
      String template = String.valueOf(
          e.action().getOrDefault("template", "Instance {{i_id}} of {{a_id}} is now {{_state}}."));
      String subject = String.valueOf(
          e.action().getOrDefault("subject", "Kith: instance {{i_id}} is {{_state}}"));
      return Flux.fromIterable(to instanceof List<?> list ? list : List.of())
          .concatMap(address -> mailer.send(new Mailer.Email(
              String.valueOf(address),
              render(subject, e.payload()),
              render(template, e.payload()))))
          .then();
    }
    ActionSender other = others.get(e.method());
    if (other != null) {
      return other
          .send(e)
          .flatMap(status -> status >= 200 && status < 300
              ? Mono.<Void>empty()
              : Mono.error(DeliveryFailure.status(status)));
    }
    Mono<String> url = ApplicationEvents.METHOD.equals(e.method())
        ? apps.webhook(e.aId())
            .filter(w -> w.events().contains(String.valueOf(e.action().get("type"))))
            .map(WebhookEndpoint::url)
        : Mono.just(String.valueOf(e.action().get("url")));
    return url.switchIfEmpty(Mono.error(() -> DeliveryFailure.failed(null))) // no endpoint takes it
        .zipWith(apps.webhookSecrets(e.aId(), clock.instant())
            .filter(s -> !s.isEmpty())
            .switchIfEmpty(
                Mono.error(() -> DeliveryFailure.failed(null)))) // the application is gone
        .flatMap(t -> webhooks.send(t.getT1(), e.eventId(), e.payload(), t.getT2()))
        .flatMap(status -> status >= 200 && status < 300
            ? Mono.<Void>empty()
            : Mono.error(DeliveryFailure.status(status)));
  }

  private Mono<Void> retryLater(OutboxEvent e, Throwable error) {
    int attempts = e.attempts() + 1;
    boolean dead = attempts >= maxAttempts;
    Duration wait = retryBase.multipliedBy(1L << Math.min(attempts, 20));
    if (wait.compareTo(MAX_BACKOFF) > 0) {
      wait = MAX_BACKOFF;
    }
    return outbox.failed(
        e.eventId(), attempts, clock.instant().plus(wait), dead, DeliveryFailure.reasonOf(error));
  }

  /** {@code {{name}}} → the payload's value (text; missing names become empty). No code runs in a template. */
  static String render(String template, Map<String, Object> values) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      int open = template.indexOf("{{", i);
      int close = open < 0 ? -1 : template.indexOf("}}", open + 2);
      if (open < 0 || close < 0) {
        out.append(template, i, template.length());
        break;
      }
      out.append(template, i, open);
      Object v = values.get(template.substring(open + 2, close).strip());
      out.append(v == null ? "" : v);
      i = close + 2;
    }
    return out.toString();
  }

  public Flux<OutboxEvent> deadLetters(String aId, int limit) {
    return outbox.list(aId, OutboxEvent.DEAD, limit);
  }

  /** {@code uId} (an administrator of the application) delivers dead letters again; audited if there were any. */
  public Mono<Long> replay(
      String uId,
      String aId,
      @Nullable List<String> ids,
      @Nullable Instant from,
      @Nullable Instant to) {
    Instant now = clock.instant();
    return outbox.replay(
        aId,
        ids,
        from,
        to,
        now,
        n -> n == 0
            ? List.of()
            : List.of(AuditEvent.of(aId, uId, now, new ConsentEvent.DeadLettersReplayed(n))));
  }

  /** {@code uId} (an administrator of the application) deletes dead letters; audited if there were any. */
  public Mono<Long> purge(
      String uId,
      String aId,
      @Nullable List<String> ids,
      @Nullable Instant from,
      @Nullable Instant to) {
    Instant now = clock.instant();
    return outbox.purge(
        aId,
        ids,
        from,
        to,
        n -> n == 0
            ? List.of()
            : List.of(AuditEvent.of(aId, uId, now, new ConsentEvent.DeadLettersPurged(n))));
  }
}

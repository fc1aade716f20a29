package org.kith.core.consent;

import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: access applications and who administers them. */
public interface ApplicationStore {
  Mono<AccessApplication> create(
      AccessApplication app,
      @Nullable String secretHash,
      String webhookSecret,
      List<AuditEvent> audit);

  /**
   * The keys the application's webhooks are signed with at {@code now} (signing keys, so kept, not hashed): the
   * current one first, then the one it replaced while that is still in use after a rotation. Empty if the
   * application is gone.
   */
  Mono<List<String>> webhookSecrets(String aId, Instant now);

  /** Where the application receives its instances' events; empty if it has set none. */
  Mono<WebhookEndpoint> webhook(String aId);

  /** Sets (or, with null, removes) the application's webhook endpoint, with {@code audit} in one transaction. */
  Mono<Void> setWebhook(String aId, @Nullable WebhookEndpoint endpoint, List<AuditEvent> audit);

  /**
   * Makes {@code secret} the application's webhook secret; the one it replaces still signs (second) until
   * {@code previousUntil}.
   */
  Mono<Void> rotateWebhookSecret(
      String aId, String secret, Instant previousUntil, Instant now, List<AuditEvent> audit);

  Mono<AccessApplication> find(String aId);

  /** The application with this key and its secret's hash (empty hash if it has no secret). */
  Mono<Credentials> findByKey(String key);

  /** An application found by key, with the hash to check a presented secret against. */
  record Credentials(AccessApplication app, String secretHash) {}

  /**
   * The applications {@code uId} administers, by name then id, from after {@code after} (the last of the previous
   * page; from the start if null), at most {@code limit}.
   */
  Flux<AccessApplication> administeredBy(String uId, @Nullable After after, int limit);

  /** A position in {@link #administeredBy}'s order. */
  record After(String name, String aId) {}

  Mono<Boolean> isAdmin(String aId, String uId);

  Mono<AccessApplication> update(AccessApplication app, List<AuditEvent> audit);

  /**
   * Deletes the application and its keys. Its instances stay (their sharers keep their history) but no one
   * receives them any more: for each one still active at {@code now} (not withdrawn, end date not passed),
   * {@code instanceEnded} makes the event for its trail from its {@code i_id} and state, appended in the same
   * transaction as {@code audit}.
   */
  Mono<Void> delete(
      String aId,
      List<AuditEvent> audit,
      Instant now,
      BiFunction<String, String, AuditEvent> instanceEnded);
}

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

  /** The key the application's webhooks are signed with (a signing key, so kept, not hashed). */
  Mono<String> webhookSecret(String aId);

  Mono<AccessApplication> find(String aId);

  /** The application with this key and its secret's hash (empty hash if it has no secret). */
  Mono<Credentials> findByKey(String key);

  /** An application found by key, with the hash to check a presented secret against. */
  record Credentials(AccessApplication app, String secretHash) {}

  Flux<AccessApplication> administeredBy(String uId);

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

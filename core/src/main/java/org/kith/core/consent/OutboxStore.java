package org.kith.core.consent;

import java.time.Instant;
import java.util.List;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Port: the outbox of transition actions (events are added by {@link InstanceStore#move}). */
public interface OutboxStore {
  /** Claims up to {@code limit} pending events due by {@code now} for {@code lease}; others skip them meanwhile. */
  Flux<OutboxEvent> claimDue(Instant now, java.time.Duration lease, int limit);

  Mono<Void> delivered(String eventId, Instant now);

  Mono<Void> failed(String eventId, int attempts, Instant nextAt, boolean dead, String error);

  /** An application's events in one status, newest first. */
  Flux<OutboxEvent> list(String aId, String status, int limit);

  /**
   * Makes dead events pending again (by ids, or all created in [from, to)); how many. {@code audit} makes the
   * events of that count, appended in the same transaction.
   */
  Mono<Long> replay(
      String aId,
      @Nullable List<String> ids,
      @Nullable Instant from,
      @Nullable Instant to,
      Instant now,
      LongFunction<List<AuditEvent>> audit);

  /** Deletes dead events (by ids, or all created in [from, to)); how many; audited as {@link #replay}. */
  Mono<Long> purge(
      String aId,
      @Nullable List<String> ids,
      @Nullable Instant from,
      @Nullable Instant to,
      LongFunction<List<AuditEvent>> audit);
}

package org.kith.core.audit;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Port: reads the hash-chained trail. Appending happens inside the transaction of the change it records
 * (each store's write methods take the events), so an acknowledged change always has its event.
 */
public interface AuditTrail {
  /** Appends events that go with no other write (for example, reads of someone else's data). */
  Mono<Void> append(java.util.List<AuditEvent> events);

  /** The subject's events, newest first, at most {@code limit}. */
  default Flux<RecordedEvent> events(String subject, int limit) {
    return events(subject, null, limit);
  }

  /** The subject's events older than sequence number {@code before} (all if null), newest first. */
  Flux<RecordedEvent> events(
      String subject, @org.jspecify.annotations.Nullable Long before, int limit);

  /** The subject's whole chain checked from the first event: true if no event was altered or removed. */
  Mono<Boolean> verify(String subject);
}

package org.kith.core.account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Port: failure counters shared by all API nodes (they live in the graph, not in one node's memory). Each
 * key follows one of three rules, chosen by how it is recorded: a fixed window ({@link #recordFailure}),
 * growing delays ({@link #recordBackoff}) or a refilling budget ({@link #recordSpend}). Every key expires
 * once its rule no longer needs it, and {@link #purgeExpired} removes expired keys, so the state stays
 * bounded by the failures of the recent past.
 */
public interface LoginThrottle {
  /**
   * A key's state: how long it is still blocked (zero when it is not) and whether it holds unexpired
   * failures.
   */
  record Status(Duration blockedFor, boolean counting) {
    /** The longest block among several keys' statuses (zero when none is blocked). */
    public static Duration longestBlock(List<Status> statuses) {
      return statuses.stream()
          .map(Status::blockedFor)
          .max(Duration::compareTo)
          .orElse(Duration.ZERO);
    }
  }

  /**
   * Growing delays: the first {@code freeFailures} failures cost nothing; each further one blocks the key
   * for {@code firstDelay} doubled per failure beyond the first delayed one, at most {@code maxDelay}. The
   * key is forgotten {@code forgetAfter} after its last failure.
   */
  record Backoff(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter) {}

  /**
   * A budget of {@code burst} failures that refills by one every {@code interval}; the key is blocked while
   * the budget is empty (the generic cell rate algorithm).
   */
  record Budget(int burst, Duration interval) {}

  /** The status of each key, in order, in one read. */
  Mono<List<Status>> status(List<String> keys, Instant now);

  /** Counts one failure in a fixed window; at {@code limit} failures the key is blocked until the window ends. */
  Mono<Void> recordFailure(String key, int limit, Duration window, Instant now);

  /** Counts one failure under {@link Backoff}. */
  Mono<Void> recordBackoff(String key, Backoff backoff, Instant now);

  /** Spends one failure from the key's {@link Budget}. */
  Mono<Void> recordSpend(String key, Budget budget, Instant now);

  /** Forgets the key's failures (after a successful login). */
  Mono<Void> clear(String key);

  /** Removes keys whose state has expired; completes with how many were removed. */
  Mono<Long> purgeExpired(Instant now);
}

package org.kith.core.account;

import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Port: failed-login counters shared by all API nodes (they live in the graph, not in memory). A key
 * counts failures in a fixed window; at {@code limit} failures it is blocked until the window ends.
 */
public interface LoginThrottle {
  /** A key's state: how long it is still blocked (zero when it is not) and whether failures are counted. */
  record Status(Duration blockedFor, boolean counting) {
    /** The longest block among several keys' statuses (zero when none is blocked). */
    public static Duration longestBlock(java.util.List<Status> statuses) {
      return statuses.stream().map(Status::blockedFor).max(Duration::compareTo).orElse(Duration.ZERO);
    }
  }

  /** The status of each key, in order, in one read. */
  Mono<java.util.List<Status>> status(java.util.List<String> keys, Instant now);

  /** Counts one failure. */
  Mono<Void> recordFailure(String key, int limit, Duration window, Instant now);

  /** Forgets the key's failures (after a successful login). */
  Mono<Void> clear(String key);
}

package org.kith.core.account;

import java.time.Duration;
import java.time.Instant;
import reactor.core.publisher.Mono;

/**
 * Port: failed-login counters shared by all API nodes (they live in the graph, not in memory). A key
 * counts failures in a fixed window; at {@code limit} failures it is blocked until the window ends.
 */
public interface LoginThrottle {
  /** How long the key is still blocked; zero when it is not. */
  Mono<Duration> blockedFor(String key, Instant now);

  /** Counts one failure. */
  Mono<Void> recordFailure(String key, int limit, Duration window, Instant now);

  /** Forgets the key's failures (after a successful login). */
  Mono<Void> clear(String key);
}

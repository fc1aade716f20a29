package org.kith.api.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.kith.core.account.LoginThrottle;

/** {@link LoginThrottle} in memory for unit tests: a key is blocked for a minute from its {@code limit}th failure. */
final class MemoryThrottle implements LoginThrottle {
  final Map<String, Integer> failures = new ConcurrentHashMap<>();
  private final int limit;

  MemoryThrottle(int limit) {
    this.limit = limit;
  }

  @Override
  public reactor.core.publisher.Mono<List<Status>> status(List<String> keys, Instant now) {
    return reactor.core.publisher.Mono.just(keys.stream()
        .map(k -> {
          int n = failures.getOrDefault(k, 0);
          return new Status(n >= limit ? Duration.ofMinutes(1) : Duration.ZERO, n > 0);
        })
        .toList());
  }

  private reactor.core.publisher.Mono<Void> count(String key) {
    return reactor.core.publisher.Mono.fromRunnable(() -> failures.merge(key, 1, Integer::sum));
  }

  @Override
  public reactor.core.publisher.Mono<Void> recordFailure(
      String key, int limit, Duration window, Instant now) {
    return count(key);
  }

  @Override
  public reactor.core.publisher.Mono<Void> recordBackoff(String key, Backoff backoff, Instant now) {
    return count(key);
  }

  @Override
  public reactor.core.publisher.Mono<Void> recordSpend(String key, Budget budget, Instant now) {
    return count(key);
  }

  @Override
  public reactor.core.publisher.Mono<Void> clear(String key) {
    return reactor.core.publisher.Mono.fromRunnable(() -> failures.remove(key));
  }

  @Override
  public reactor.core.publisher.Mono<Long> purgeExpired(Instant now) {
    return reactor.core.publisher.Mono.just(0L);
  }
}

package org.kith.api.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.kith.core.Rejected;
import org.springframework.web.server.ServerWebExchange;

/**
 * Per-client-address token buckets (Bucket4j) for unauthenticated routes: {@code perSecond} tokens a second,
 * bursts of twice that; a request costs one token per unit of work (for example per record checked). Buckets
 * live in this node's memory (at most 100,000 addresses, idle ones forgotten after 10 minutes), so with several
 * API nodes the limit is per node. Thread-safe.
 */
public final class ClientRateLimiter {
  private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfterAccess(Duration.ofMinutes(10))
      .build();
  private final long perSecond;

  public ClientRateLimiter(long perSecond) {
    this.perSecond = Math.max(1, perSecond);
  }

  /**
   * Takes {@code cost} tokens for the caller's network ({@link ClientAddress#network}: an IPv4 address, an IPv6
   * /64) or throws a 429 with Retry-After.
   */
  public void acquire(ServerWebExchange exchange, long cost) {
    Bucket bucket = buckets.get(
        ClientAddress.network(exchange),
        a -> Bucket.builder()
            .addLimit(Bandwidth.builder()
                .capacity(2 * perSecond)
                .refillGreedy(perSecond, Duration.ofSeconds(1))
                .build())
            .build());
    long tokens = Math.min(Math.max(cost, 1), 2 * perSecond);
    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(tokens);
    if (!probe.isConsumed()) {
      throw Rejected.tooManyRequests(
          "too many requests from this address; slow down",
          Duration.ofNanos(probe.getNanosToWaitForRefill())
              .plusSeconds(1)
              .truncatedTo(ChronoUnit.SECONDS));
    }
  }
}

package org.kith.api.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Per-client-address token buckets (Bucket4j) for unauthenticated routes: {@code perSecond} tokens a second,
 * bursts of twice that; a request costs one token per unit of work (for example per record checked).
 *
 * <p>With {@link SharedBuckets} (Redis, {@code kith.redis.uri}) every node takes from the same bucket, so a client
 * spread over several nodes gets the limit once. Without it, or while Redis does not answer, buckets live in this
 * node's memory (at most 100,000 addresses, idle ones forgotten after 10 minutes) and the limit is per node. A
 * request never waits on Redis longer than its timeout. Thread-safe.
 */
public final class ClientRateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(ClientRateLimiter.class);
  private final Cache<String, Bucket> local = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfterAccess(Duration.ofMinutes(10))
      .build();
  private final long perSecond;
  private final BucketConfiguration configuration;
  private final @Nullable SharedBuckets shared;

  public ClientRateLimiter(long perSecond, @Nullable SharedBuckets shared) {
    this.perSecond = Math.max(1, perSecond);
    this.configuration = BucketConfiguration.builder()
        .addLimit(Bandwidth.builder()
            .capacity(2 * this.perSecond)
            .refillGreedy(this.perSecond, Duration.ofSeconds(1))
            .build())
        .build();
    this.shared = shared;
  }

  /**
   * Takes {@code cost} tokens for the caller's network ({@link ClientAddress#network}: an IPv4 address, an IPv6
   * /64); fails with a 429 with Retry-After when the bucket has too few.
   */
  public Mono<Void> acquire(ServerWebExchange exchange, long cost) {
    String network = ClientAddress.network(exchange);
    long tokens = Math.min(Math.max(cost, 1), 2 * perSecond);
    if (shared == null) {
      return Mono.defer(() -> verdict(takeLocally(network, tokens)));
    }
    return shared
        .take(network, tokens, configuration)
        .onErrorResume(e -> {
          LOG.warn("shared rate limit unavailable ({}); limiting on this node alone", e.toString());
          return Mono.fromSupplier(() -> takeLocally(network, tokens));
        })
        .flatMap(ClientRateLimiter::verdict);
  }

  private ConsumptionProbe takeLocally(String network, long tokens) {
    return local
        .get(
            network,
            a -> Bucket.builder().addLimit(configuration.getBandwidths()[0]).build())
        .tryConsumeAndReturnRemaining(tokens);
  }

  private static Mono<Void> verdict(ConsumptionProbe probe) {
    if (probe.isConsumed()) {
      return Mono.empty();
    }
    return Mono.error(Rejected.tooManyRequests(
        "too many requests from this address; slow down",
        Duration.ofNanos(probe.getNanosToWaitForRefill())
            .plusSeconds(1)
            .truncatedTo(ChronoUnit.SECONDS)));
  }
}

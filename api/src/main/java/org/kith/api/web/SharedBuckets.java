package org.kith.api.web;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Token buckets in Redis (Bucket4j's compare-and-swap on Lettuce), shared by every API node: key {@code
 * kith:rate:<network>}, expiring once the bucket would be full again. The connection is made on first use, not at
 * start-up, and made again after a failure, so Kith starts and serves while Redis is down (the limiter then falls
 * back to this node's buckets). Every call is bounded by {@code timeout}. Thread-safe.
 */
public final class SharedBuckets implements AutoCloseable {
  private static final String PREFIX = "kith:rate:";
  private final RedisClient client;
  private final Duration timeout;
  /** How long after a failed connection requests use this node's buckets before Redis is tried again. */
  static final Duration RECONNECT = Duration.ofSeconds(5);

  private final AtomicReference<@Nullable Connected> connected = new AtomicReference<>();
  private volatile long failedAt = System.nanoTime() - RECONNECT.toNanos();

  private record Connected(
      StatefulRedisConnection<String, byte[]> connection, AsyncProxyManager<String> buckets) {}

  public SharedBuckets(String uri, Duration timeout) {
    RedisURI redis = RedisURI.create(uri);
    redis.setTimeout(timeout);
    this.client = RedisClient.create(redis);
    this.client.setOptions(ClientOptions.builder()
        .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .build());
    this.timeout = timeout;
  }

  Mono<ConsumptionProbe> take(String network, long tokens, BucketConfiguration configuration) {
    return buckets()
        .flatMap(b -> Mono.fromFuture(() -> b.builder()
                .build(PREFIX + network, () -> CompletableFuture.completedFuture(configuration))
                .tryConsumeAndReturnRemaining(tokens))
            .timeout(timeout)
            .doOnError(e -> reset()));
  }

  /** The connected buckets; connects off the event loop, at most once per {@link #RECONNECT} after a failure. */
  private Mono<AsyncProxyManager<String>> buckets() {
    Connected c = connected.get();
    if (c != null && c.connection().isOpen()) {
      return Mono.just(c.buckets());
    }
    if (System.nanoTime() - failedAt < RECONNECT.toNanos()) {
      return Mono.error(
          new IllegalStateException("Redis did not answer; next attempt in " + RECONNECT));
    }
    return Mono.fromCallable(this::connect).subscribeOn(Schedulers.boundedElastic());
  }

  private synchronized AsyncProxyManager<String> connect() {
    Connected c = connected.get();
    if (c != null && c.connection().isOpen()) {
      return c.buckets();
    }
    try {
      StatefulRedisConnection<String, byte[]> connection =
          client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
      c = new Connected(
          connection,
          Bucket4jLettuce.casBasedBuilder(connection)
              .expirationAfterWrite(
                  ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                      Duration.ofSeconds(10)))
              .requestTimeout(timeout)
              .build()
              .asAsync());
      connected.set(c);
      return c.buckets();
    } catch (RuntimeException e) {
      failedAt = System.nanoTime();
      throw e;
    }
  }

  private void reset() {
    failedAt = System.nanoTime();
    Connected c = connected.getAndSet(null);
    if (c != null) {
      // closing may not wait: this runs on a request's thread; a failure to close leaves nothing to
      // undo
      var unused = c.connection().closeAsync().exceptionally(e -> null);
    }
  }

  @Override
  public void close() {
    reset();
    client.shutdown();
  }
}

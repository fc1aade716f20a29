package org.kith.api.config;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.ReactiveHealthIndicator;
import org.springframework.boot.actuate.health.Status;
import reactor.core.publisher.Mono;

/**
 * Health of the graph: one trivial read through Kith's own driver path, bounded by a timeout, and cheap to ask
 * often (load balancers poll health). An UP answer is reused for {@code interval}; past it the next call probes
 * again, and callers that arrive while a probe runs share it (at most one probe in flight). A DOWN answer is not
 * reused: every call while the database is away waits for the (shared) next probe, so recovery shows at once and a
 * database that goes away shows DOWN at the latest {@code interval} plus the timeout later. The body carries no
 * details.
 */
final class GraphHealthIndicator implements ReactiveHealthIndicator {
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private record Answer(Health health, long at) {}

  private final Supplier<Mono<?>> probe;
  private final long intervalNanos;
  private final Duration timeout;
  private final LongSupplier nanoTime;
  private final AtomicLong probes = new AtomicLong();
  private final AtomicReference<@Nullable CompletableFuture<Health>> inFlight =
      new AtomicReference<>();
  private volatile @Nullable Answer last;

  /**
   * @param probe one read of the database that emits a value when it answers
   * @param interval how long an UP answer is reused
   * @param timeout how long a probe may take before it counts as DOWN
   * @param nanoTime the clock ({@link System#nanoTime} outside tests)
   */
  GraphHealthIndicator(
      Supplier<Mono<?>> probe, Duration interval, Duration timeout, LongSupplier nanoTime) {
    this.probe = probe;
    this.intervalNanos = interval.toNanos();
    this.timeout = timeout;
    this.nanoTime = nanoTime;
  }

  /** How many times the database has been probed since start. */
  long probes() {
    return probes.get();
  }

  @Override
  public Mono<Health> health() {
    return Mono.defer(() -> {
      Health fresh = fresh();
      return fresh != null ? Mono.just(fresh) : shared();
    });
  }

  private @Nullable Health fresh() {
    Answer a = last;
    return a != null
            && Status.UP.equals(a.health().getStatus())
            && nanoTime.getAsLong() - a.at() < intervalNanos
        ? a.health()
        : null;
  }

  private Mono<Health> shared() {
    while (true) {
      CompletableFuture<Health> running = inFlight.get();
      if (running != null) {
        return Mono.fromFuture(running, true);
      }
      CompletableFuture<Health> mine = new CompletableFuture<>();
      if (inFlight.compareAndSet(null, mine)) {
        // a probe may have finished between fresh() and here: its answer is written before it
        // leaves
        Health fresh = fresh();
        if (fresh != null) {
          inFlight.set(null);
          mine.complete(fresh);
          return Mono.just(fresh);
        }
        start(mine);
        return Mono.fromFuture(mine, true);
      }
    }
  }

  private void start(CompletableFuture<Health> mine) {
    probes.incrementAndGet();
    Mono.defer(probe)
        .timeout(timeout)
        .map(ok -> Health.up().build())
        .defaultIfEmpty(Health.down().build())
        .onErrorResume(e -> Mono.just(Health.down().build()))
        .subscribe(h -> finish(mine, h), e -> finish(mine, Health.down().build()));
  }

  private void finish(CompletableFuture<Health> mine, Health health) {
    last = new Answer(health, nanoTime.getAsLong());
    inFlight.compareAndSet(mine, null);
    mine.complete(Objects.requireNonNull(health));
  }
}

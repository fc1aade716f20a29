package org.kith.api.config;

import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Background work on a timer (document sweeping, outbox delivery, expiry): rounds never overlap (a round that
 * runs long makes the next tick drop), and a failed round is simply retried at the next tick. Dispose to stop.
 */
final class PeriodicJob {
  private PeriodicJob() {}

  static Disposable every(Duration initialDelay, Duration period, Supplier<Mono<?>> round) {
    return Flux.interval(initialDelay, period)
        .onBackpressureDrop()
        .concatMap(tick -> round.get().onErrorResume(e -> Mono.empty()))
        .subscribe();
  }
}

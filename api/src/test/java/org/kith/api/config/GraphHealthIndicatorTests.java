package org.kith.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

@DisplayName("the database health probe")
class GraphHealthIndicatorTests {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicReference<Supplier<Mono<?>>> database =
      new AtomicReference<>(() -> Mono.just(1));
  private final GraphHealthIndicator health = new GraphHealthIndicator(
      () -> database.get().get(), Duration.ofSeconds(2), Duration.ofMillis(200), now::get);

  private Status status() {
    return health.health().block(Duration.ofSeconds(5)).getStatus();
  }

  @Test
  @DisplayName(
      "an UP answer is reused within the interval and the database is probed again after it")
  void cachesUp() {
    for (int i = 0; i < 100; i++) {
      assertThat(status()).isEqualTo(Status.UP);
      now.addAndGet(Duration.ofMillis(10).toNanos());
    }
    assertThat(health.probes()).as("100 calls within 1 s of a 2 s interval").isEqualTo(1);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(status()).isEqualTo(Status.UP);
    assertThat(health.probes()).isEqualTo(2);
  }

  @Test
  @DisplayName("callers arriving while a probe runs share it: one probe in flight")
  void oneProbeInFlight() {
    Sinks.One<Integer> answer = Sinks.one();
    database.set(answer::asMono);
    List<Mono<Health>> waiting = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Mono<Health> h = health.health().cache();
      h.subscribe();
      waiting.add(h);
    }
    assertThat(health.probes()).isEqualTo(1);
    answer.tryEmitValue(1);
    assertThat(
            Flux.concat(waiting).map(Health::getStatus).collectList().block(Duration.ofSeconds(5)))
        .hasSize(50)
        .containsOnly(Status.UP);
    assertThat(health.probes()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "a database that goes away is DOWN once the interval has passed; DOWN is not reused, so"
          + " recovery shows at the next call")
  void downPromptly() {
    assertThat(status()).isEqualTo(Status.UP);
    database.set(() -> Mono.error(new IllegalStateException("connection refused")));
    assertThat(status()).as("within the interval: the cached answer").isEqualTo(Status.UP);
    now.addAndGet(Duration.ofSeconds(2).toNanos());
    assertThat(status()).isEqualTo(Status.DOWN);
    database.set(Mono::never);
    assertThat(status()).as("a probe that hangs is DOWN after the timeout").isEqualTo(Status.DOWN);
    database.set(() -> Mono.just(1));
    assertThat(status()).isEqualTo(Status.UP);
    assertThat(health.probes()).isEqualTo(4);
  }

  @Test
  @DisplayName("the answer names no details: no exception, no database kind")
  void noDetails() {
    database.set(() -> Mono.error(new IllegalStateException("secret host name")));
    Health h = health.health().block(Duration.ofSeconds(5));
    assertThat(h.getStatus()).isEqualTo(Status.DOWN);
    assertThat(h.getDetails()).isEmpty();
    database.set(() -> Mono.just(1));
    assertThat(health.health().block(Duration.ofSeconds(5)).getDetails()).isEmpty();
  }
}

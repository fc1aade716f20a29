package org.kith.core.clarity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.Failed;
import org.kith.core.ProblemKind;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

@DisplayName("Clarity's bounded image work")
class ClarityServiceTests {
  /** A reader whose OCR blocks until released, to fill the pool. */
  static final class SlowReader implements DocumentReader {
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public Page ocr(byte[] image) {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new Page(List.of(), List.of(), 1, 1, 0);
    }

    @Override
    public Page anchorPage(byte[] image) {
      return ocr(image);
    }

    @Override
    public Map<String, Object> train(
        byte[] image,
        @Nullable Page ocr,
        String name,
        String anchorA,
        String anchorC,
        List<Component> components,
        @Nullable String refiner) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Double> match(Page page, Map<String, Object> model) {
      return Optional.empty();
    }

    @Override
    public Extraction extract(
        byte[] image,
        @Nullable Page page,
        Map<String, Object> model,
        Map<String, java.util.regex.Pattern> patterns) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Mrz> mrz(byte[] image, @Nullable Page page) {
      return Optional.empty();
    }
  }

  @Test
  @DisplayName(
      "when the pool and its queue are full, further requests get 503 with Retry-After at once")
  void excessIsRefused() {
    SlowReader reader = new SlowReader();
    Scheduler pool = Schedulers.newBoundedElastic(1, 1, "clarity-test");
    try {
      ClarityService service = new ClarityService(reader, pool, null, null, null, List.of());
      List<Object> outcomes = new ArrayList<>();
      // 1 running + 1 queued are accepted; the other 3 are refused without waiting
      Flux.range(0, 5)
          .flatMap(
              i -> service
                  .ocr(new byte[] {1})
                  .map(p -> (Object) "ok")
                  .onErrorResume(Failed.class, r -> Mono.just(r)),
              5)
          .doOnSubscribe(s -> new Thread(() -> {
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                reader.release.countDown();
              })
              .start())
          .timeout(Duration.ofSeconds(20))
          .toStream()
          .forEach(outcomes::add);
      assertThat(outcomes).filteredOn("ok"::equals).hasSize(2);
      assertThat(outcomes).filteredOn(o -> o instanceof Failed).hasSize(3).allSatisfy(o -> {
        Failed r = (Failed) o;
        assertThat(r.kind()).isEqualTo(ProblemKind.UNAVAILABLE);
        assertThat(r.retryAfter()).isNotNull();
      });
    } finally {
      pool.dispose();
    }
  }
}

package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("single-use ids (client assertion jti): replays refused, fail closed when full")
class SingleUseIdsTests {
  final AtomicLong nanos = new AtomicLong();
  final SingleUseIds ids = new SingleUseIds(Duration.ofMinutes(6), 3, nanos::get);

  @Test
  @DisplayName("an id is accepted once, and refused as a replay while it is kept")
  void replay() {
    assertThat(ids.use("a 1")).isEqualTo(SingleUseIds.Use.FIRST);
    assertThat(ids.use("a 1")).isEqualTo(SingleUseIds.Use.REPLAYED);
    nanos.addAndGet(Duration.ofMinutes(5).toNanos());
    assertThat(ids.use("a 1")).isEqualTo(SingleUseIds.Use.REPLAYED);
  }

  @Test
  @DisplayName(
      "full, new ids are refused and none kept is forgotten (an evicting cache would accept the replay);"
          + " room comes back as ids expire")
  void failsClosedWhenFull() {
    for (String id : new String[] {"a 1", "a 2", "a 3"}) {
      assertThat(ids.use(id)).isEqualTo(SingleUseIds.Use.FIRST);
    }
    assertThat(ids.use("a 4")).isEqualTo(SingleUseIds.Use.FULL);
    assertThat(ids.use("a 5")).isEqualTo(SingleUseIds.Use.FULL);
    for (String id : new String[] {"a 1", "a 2", "a 3"}) {
      assertThat(ids.use(id)).isEqualTo(SingleUseIds.Use.REPLAYED);
    }
    nanos.addAndGet(Duration.ofMinutes(6).plusSeconds(1).toNanos());
    assertThat(ids.use("a 4")).isEqualTo(SingleUseIds.Use.FIRST);
  }
}

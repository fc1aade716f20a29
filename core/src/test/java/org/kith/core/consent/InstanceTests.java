package org.kith.core.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("consent instances")
class InstanceTests {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private static Instance instance(String state, @Nullable Instant end) {
    return new Instance(
        "i1", "a1", "owner", state, null, "code", START, end, List.of("n1"), List.of(), Map.of());
  }

  @Test
  @DisplayName("an instance is active until its end date, which is not itself included")
  void endDate() {
    Instant end = START.plusSeconds(3600);
    Instance i = instance(Transitions.INITIAL, end);
    assertThat(i.activeAt(end.minusMillis(1))).isTrue();
    assertThat(i.activeAt(end)).isFalse();
    assertThat(i.activeAt(end.plusSeconds(1))).isFalse();
    assertThat(instance("Approved", null).activeAt(Instant.MAX)).isTrue();
  }

  @Test
  @DisplayName("a withdrawn instance is never active, whatever its end date")
  void withdrawn() {
    assertThat(instance(Transitions.WITHDRAWN, null).activeAt(START)).isFalse();
    assertThat(instance(Transitions.WITHDRAWN, START.plusSeconds(60)).activeAt(START))
        .isFalse();
  }

  @Test
  @DisplayName("what it shares is a snapshot the caller cannot change afterwards")
  void snapshot() {
    List<String> objects = new ArrayList<>(List.of("n1"));
    Instance i = new Instance(
        "i1", "a1", "owner", "Submitted", null, "c", START, null, objects, List.of(), Map.of());
    objects.add("n2");
    assertThat(i.profileObjects()).containsExactly("n1");
  }
}

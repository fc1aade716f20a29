package org.kith.graph.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.ConsentEvent;
import org.kith.core.audit.RecordedEvent;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.GraphConnection;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

@DisplayName("group-committed audit appends")
class GroupedAppendsTests {
  private final GraphConnection db = TestGraph.connection();
  private final GroupedAppends grouped = new GroupedAppends(db.inProcessCypher());
  private final Neo4jAuditTrail trail = new Neo4jAuditTrail(db.cypher());

  private static AuditEvent read(String subject, String reader) {
    return AuditEvent.of(subject, reader, Instant.now(), new ConsentEvent.InstanceRead());
  }

  @Test
  @DisplayName(
      "concurrent appends all land, each chain intact, and each caller waits for its commit")
  void concurrentAppendsKeepTheChains() {
    String a = "ga-a-" + System.nanoTime();
    String b = "ga-b-" + System.nanoTime();
    List<Mono<Void>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String subject = i % 3 == 0 ? b : a;
      calls.add(grouped
          .append(List.of(read(subject, "application:" + i)))
          .subscribeOn(Schedulers.parallel()));
    }
    Flux.merge(Flux.fromIterable(calls), 64).blockLast();

    List<RecordedEvent> onA = trail.events(a, 1000).collectList().block();
    List<RecordedEvent> onB = trail.events(b, 1000).collectList().block();
    assertThat(onA).hasSize(133);
    assertThat(onB).hasSize(67);
    assertThat(onA).extracting(RecordedEvent::seq).doesNotHaveDuplicates();
    assertThat(trail.verify(a).block()).isTrue();
    assertThat(trail.verify(b).block()).isTrue();
  }

  @Test
  @DisplayName(
      "a caller's completion means its event is readable; nothing to append completes at once")
  void completesAfterCommit() {
    String s = "ga-c-" + System.nanoTime();
    grouped.append(List.of(read(s, "application:x"))).block();
    assertThat(trail.events(s, 10).collectList().block()).hasSize(1);
    grouped.append(List.of()).block();
    assertThat(trail.events(s, 10).collectList().block()).hasSize(1);
  }
}

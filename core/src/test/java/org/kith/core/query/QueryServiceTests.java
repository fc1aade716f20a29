package org.kith.core.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.RecordedEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

@DisplayName("query service")
class QueryServiceTests {
  private final List<AuditEvent> audited = new CopyOnWriteArrayList<>();
  private final AuditTrail trail = new AuditTrail() {
    @Override
    public Mono<Void> append(List<AuditEvent> events) {
      audited.addAll(events);
      return Mono.empty();
    }

    @Override
    public Flux<RecordedEvent> events(
        String subject, @org.jspecify.annotations.Nullable Long before, int limit) {
      return Flux.empty();
    }

    @Override
    public Mono<Boolean> verify(String subject) {
      return Mono.just(true);
    }
  };

  /** A service whose every query answers when {@code gate} does. */
  private QueryService gated(Sinks.One<QueryResult> gate, int perUser, int onServer) {
    return new QueryService(
        (u, q, p, l, t) -> gate.asMono(),
        trail,
        Clock.systemUTC(),
        Duration.ofSeconds(10),
        perUser,
        onServer);
  }

  @Test
  @DisplayName("at most N queries per user run at once; the next gets 429 until one finishes")
  void concurrency() {
    Sinks.One<QueryResult> gate = Sinks.one();
    QueryService service = gated(gate, 2, 3);
    var first = service.query("u1", "RETURN 1", null, null).toFuture();
    var second = service.query("u1", "RETURN 1", null, null).toFuture();
    service
        .query("u1", "RETURN 1", null, null)
        .as(StepVerifier::create)
        .verifyErrorSatisfies(
            e -> assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.TOO_MANY_REQUESTS));
    // another user is not affected
    var other = service.query("u2", "RETURN 1", null, null).toFuture();
    gate.tryEmitValue(new QueryResult(List.of("x"), List.of(List.of(1)), false));
    assertThat(first.join().rows()).hasSize(1);
    assertThat(second.join().rows()).hasSize(1);
    assertThat(other.join().rows()).hasSize(1);
    service
        .query("u1", "RETURN 1", null, null)
        .as(StepVerifier::create)
        .expectNextCount(1)
        .verifyComplete();
    assertThat(audited).extracting(e -> e.event().get("outcome")).contains("ok", "rejected");
  }

  @Test
  @DisplayName(
      "at most M queries run at once on the server, all users together; a place frees when one ends")
  void serverConcurrency() {
    List<Sinks.One<QueryResult>> gates = new CopyOnWriteArrayList<>();
    QueryService service = new QueryService(
        (u, q, p, l, t) -> {
          Sinks.One<QueryResult> gate = Sinks.one();
          gates.add(gate);
          return gate.asMono();
        },
        trail,
        Clock.systemUTC(),
        Duration.ofSeconds(10),
        2,
        3);
    for (int round = 0; round < 2; round++) { // the second round finds every place given back
      var running = List.of(
          service.query("u1", "RETURN 1", null, null).toFuture(),
          service.query("u2", "RETURN 1", null, null).toFuture(),
          service.query("u3", "RETURN 1", null, null).toFuture());
      for (String other : List.of("u4", "u1")) {
        service
            .query(other, "RETURN 1", null, null)
            .as(StepVerifier::create)
            .verifyErrorSatisfies(e -> assertThat(e.getMessage()).contains("on this server"));
      }
      gates.forEach(g -> g.tryEmitValue(new QueryResult(List.of("x"), List.of(List.of(1)), false)));
      running.forEach(f -> assertThat(f.join().rows()).hasSize(1));
    }
    assertThat(gates).hasSize(6);
  }

  @Test
  @DisplayName("limits and reserved parameters are checked before anything runs")
  void limits() {
    List<String> ran = new CopyOnWriteArrayList<>();
    QueryService service = new QueryService(
        (u, q, p, l, t) -> {
          ran.add(q);
          return Mono.just(new QueryResult(List.of(), List.of(), false));
        },
        trail,
        Clock.systemUTC(),
        Duration.ofSeconds(10),
        2,
        3);
    for (var bad : List.of(
        new Object[] {"", null, null},
        new Object[] {"x".repeat(20_001), null, null},
        new Object[] {"RETURN 1", Map.of("__vis", 1), null},
        new Object[] {"RETURN 1", Map.of("a-b", 1), null},
        new Object[] {"RETURN 1", null, 0},
        new Object[] {"RETURN 1", null, 10_001},
        new Object[] {"RETURN 1", Map.of("big", "x".repeat(QueryService.MAX_PARAM_SIZE)), null},
        new Object[] {
          "RETURN 1",
          Map.of(
              "many",
              java.util.Collections.nCopies(600_000, 1),
              "more",
              java.util.Collections.nCopies(600_000, 1)),
          null
        },
        new Object[] {"RETURN 1", Map.of("deep", nested(QueryService.MAX_PARAM_DEPTH + 1)), null
        })) {
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) bad[1];
      service
          .query("u1", (String) bad[0], params, (Integer) bad[2])
          .as(StepVerifier::create)
          .verifyErrorSatisfies(
              e -> assertThat(((Rejected) e).kind()).isEqualTo(ProblemKind.VALIDATION));
    }
    assertThat(ran).isEmpty();
    // every refusal is audited, with its reason
    assertThat(audited)
        .hasSize(9)
        .allSatisfy(
            e -> assertThat(e.event()).containsEntry("outcome", "rejected").containsKey("reason"));
    // at the limits, accepted
    service
        .query(
            "u1",
            "RETURN 1",
            Map.of(
                "ids",
                java.util.Collections.nCopies(500_000, 1),
                "deep",
                nested(QueryService.MAX_PARAM_DEPTH)),
            null)
        .as(StepVerifier::create)
        .expectNextCount(1)
        .verifyComplete();
    assertThat(ran).hasSize(1);
  }

  /** A list holding a list … {@code levels} deep (1 = a flat list). */
  private static Object nested(int levels) {
    Object value = List.of(1);
    for (int i = 1; i < levels; i++) {
      value = List.of(value);
    }
    return value;
  }

  @Test
  @DisplayName("a guard defect fails the request and is audited as one")
  void guardDefect() {
    QueryService service = new QueryService(
        (u, q, p, l, t) -> Mono.error(
            new GuardDefect("a result held a node" + " outside the caller's visible set")),
        trail,
        Clock.systemUTC(),
        Duration.ofSeconds(10),
        1,
        1);
    service
        .query("u1", "MATCH (n) RETURN n", null, null)
        .as(StepVerifier::create)
        .verifyError(GuardDefect.class);
    assertThat(audited).singleElement().satisfies(e -> {
      assertThat(e.event())
          .containsEntry("outcome", "guard_defect")
          .containsEntry("query", "MATCH (n) RETURN n")
          .containsEntry(
              "query_sha256", "a6f6d0e878871beeb92746853bd945a91186107a6179b01a27b4c28bd53818cf");
      assertThat(e.subject()).isEqualTo("u1");
    });
    // a failed query gives its places back (one per user and one on the server here): the next one
    // runs
    service
        .query("u1", "MATCH (n) RETURN n", null, null)
        .as(StepVerifier::create)
        .verifyError(GuardDefect.class);
    // so does a guard that throws instead of answering with an error
    QueryService throwing = new QueryService(
        (u, q, p, l, t) -> {
          throw new IllegalStateException("broken");
        },
        trail,
        Clock.systemUTC(),
        Duration.ofSeconds(10),
        1,
        1);
    for (int i = 0; i < 2; i++) {
      throwing
          .query("u1", "RETURN 1", null, null)
          .as(StepVerifier::create)
          .verifyError(IllegalStateException.class);
    }
  }

  @Test
  @DisplayName(
      "a caller who goes away does not free its place early: the query runs on, keeps it and is audited")
  void cancelled() {
    Sinks.One<QueryResult> gate = Sinks.one();
    QueryService service = gated(gate, 1, 3);
    service.query("u1", "RETURN 1", null, null).subscribe().dispose();
    service
        .query("u1", "RETURN 1", null, null)
        .as(StepVerifier::create)
        .verifyErrorSatisfies(e -> assertThat(e.getMessage()).contains("for one user"));
    gate.tryEmitValue(new QueryResult(List.of("x"), List.of(List.of(1)), false));
    assertThat(audited).extracting(e -> e.event().get("outcome")).containsExactly("rejected", "ok");
    service
        .query("u1", "RETURN 1", null, null)
        .as(StepVerifier::create)
        .expectNextCount(1)
        .verifyComplete();
  }
}

package org.kith.graph.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.KithException;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.graph.TestGraph;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.NoSuchRecordException;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Relationship;
import reactor.test.StepVerifier;

@DisplayName("in-process transactions on the embedded database")
class InProcessTransactionsTests {
  private final GraphConnection graph = TestGraph.connection();
  private final Cypher bolt = graph.cypher();
  private final Cypher local = graph.inProcessCypher();

  @Test
  @DisplayName("the same statement answers the same values in-process as over Bolt")
  void sameValues() {
    String id = UUID.randomUUID().toString();
    ZonedDateTime at = ZonedDateTime.of(2026, 12, 7, 10, 0, 0, 123_000_000, ZoneOffset.UTC);
    bolt.write(
            "CREATE (a:InProcessProbe {id: $id, at: $at, tags: ['x', 'y'], n: 7, f: 1.5, ok: true})"
                + "-[:PROBE_LINK {w: 2}]->(:InProcessProbe {id: $id + '-b'})",
            Map.of("id", id, "at", at))
        .block();
    String query = "MATCH p = (a:InProcessProbe {id: $id})-[r:PROBE_LINK]->(b)"
        + " RETURN a, r, b, p, a.at AS at, a.tags AS tags, a.n AS n, a.f AS f, a.ok AS ok, a.missing AS missing,"
        + " {k: [1, 'two', null], nested: {deep: a.id}} AS m, $list AS list, duration('P1M2DT3.5S') AS d";
    Map<String, Object> params = Map.of("id", id, "list", List.of(1, "a", Map.of("x", 2L)));
    Record viaBolt = bolt.read(query, params, r -> r).blockLast();
    Record viaLocal = local.read(query, params, r -> r).blockLast();
    assertThat(viaLocal).isNotNull();
    assertThat(viaBolt).isNotNull();
    assertThat(viaLocal.keys()).isEqualTo(viaBolt.keys());
    for (String key : List.of("at", "tags", "n", "f", "ok", "missing", "m", "list", "d")) {
      assertThat(viaLocal.get(key).type().name())
          .as(key)
          .isEqualTo(viaBolt.get(key).type().name());
      assertThat(viaLocal.get(key).asObject())
          .as(key)
          .isEqualTo(viaBolt.get(key).asObject());
    }
    Node a = viaLocal.get("a").asNode();
    assertThat(a.elementId()).isEqualTo(viaBolt.get("a").asNode().elementId());
    assertThat(a.labels()).containsExactly("InProcessProbe");
    assertThat(a.asMap()).isEqualTo(viaBolt.get("a").asNode().asMap());
    Relationship r = viaLocal.get("r").asRelationship();
    Relationship boltR = viaBolt.get("r").asRelationship();
    assertThat(List.of(r.type(), r.startNodeElementId(), r.endNodeElementId(), r.asMap()))
        .isEqualTo(List.of(
            boltR.type(), boltR.startNodeElementId(), boltR.endNodeElementId(), boltR.asMap()));
    Path p = viaLocal.get("p").asPath();
    assertThat(p.length()).isEqualTo(1);
    assertThat(p.end().elementId()).isEqualTo(viaLocal.get("b").asNode().elementId());
  }

  @Test
  @DisplayName(
      "a broken unique constraint is a ConstraintViolation, a bad statement a 500, and nothing is kept")
  void failures() {
    String nId = "in-process-" + UUID.randomUUID();
    local.write("CREATE (:ProfileObject {n_id: $n})", Map.of("n", nId)).block();
    local
        .write("CREATE (:ProfileObject {n_id: $n})", Map.of("n", nId))
        .as(StepVerifier::create)
        .verifyError(ConstraintViolation.class);
    local
        .read("RETURN nonsense(", Map.of(), r -> r)
        .as(StepVerifier::create)
        .verifyErrorSatisfies(
            e -> assertThat(((KithException) e).kind()).isEqualTo(ProblemKind.INTERNAL));
    // the work's second statement fails: its first write is rolled back with it
    String marker = UUID.randomUUID().toString();
    local
        .<Value>writeTransaction(tx -> tx.runAsync(
                "CREATE (:InProcessProbe {id: $m})", Map.of("m", marker))
            .thenCompose(c -> c.consumeAsync())
            .thenCompose(s -> tx.runAsync("CREATE (:ProfileObject {n_id: $n})", Map.of("n", nId)))
            .thenApply(c -> List.of()))
        .as(StepVerifier::create)
        .verifyError(ConstraintViolation.class);
    assertThat(count(marker)).isZero();
  }

  @Test
  @DisplayName(
      "a mapper's domain rejection passes through unchanged; single() on no record fails as the driver's")
  void rejections() {
    local
        .read("RETURN 1 AS one", Map.of(), r -> {
          throw Rejected.invalid("field", "refused by the mapper");
        })
        .as(StepVerifier::create)
        .verifyErrorSatisfies(e -> assertThat(e).isInstanceOf(Rejected.class));
    local
        .<Record>writeTransaction(tx -> tx.runAsync("MATCH (n:NoSuchLabelAnywhere) RETURN n")
            .thenCompose(c -> c.singleAsync())
            .thenApply(List::of))
        .as(StepVerifier::create)
        .verifyErrorSatisfies(e -> assertThat(e)
            .isInstanceOf(KithException.class)
            .hasRootCauseInstanceOf(NoSuchRecordException.class));
  }

  @Test
  @DisplayName("two transactions that deadlock are retried until both commit")
  void deadlockRetried() throws Exception {
    String one = UUID.randomUUID().toString();
    String two = UUID.randomUUID().toString();
    local
        .write(
            "CREATE (:InProcessProbe {id: $a, v: 0}), (:InProcessProbe {id: $b, v: 0})",
            Map.of("a", one, "b", two))
        .block();
    CountDownLatch bothLocked = new CountDownLatch(2);
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(() -> crossWrite(one, two, bothLocked));
    CompletableFuture<Void> second =
        CompletableFuture.runAsync(() -> crossWrite(two, one, bothLocked));
    CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);
    Long total = local
        .read(
            "MATCH (n:InProcessProbe) WHERE n.id IN [$a, $b] RETURN sum(n.v) AS v",
            Map.of("a", one, "b", two),
            r -> r.get("v").asLong())
        .blockLast();
    assertThat(total).isEqualTo(4L);
  }

  private void crossWrite(String first, String then, CountDownLatch bothLocked) {
    local
        .<Value>writeTransaction(tx -> tx.runAsync(
                "MATCH (n:InProcessProbe {id: $id}) SET n.v = n.v + 1", Map.of("id", first))
            .thenCompose(c -> c.consumeAsync())
            .thenCompose(s -> {
              bothLocked.countDown();
              try {
                bothLocked.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return tx.runAsync(
                  "MATCH (n:InProcessProbe {id: $id}) SET n.v = n.v + 1", Map.of("id", then));
            })
            .thenCompose(c -> c.consumeAsync())
            .thenApply(s -> List.of()))
        .blockLast();
  }

  private long count(String marker) {
    Long n = bolt.read(
            "MATCH (n:InProcessProbe {id: $m}) RETURN count(n) AS n",
            Map.of("m", marker),
            r -> r.get("n").asLong())
        .blockLast();
    return n == null ? 0 : n;
  }
}

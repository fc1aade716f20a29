package org.kith.graph.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.GraphConnection;

/**
 * The analyst's scope is cached between queries; every committed change of what the analyst may see must show
 * in the very next query, whichever way the query checks visibility.
 */
@DisplayName("analyst scope cache")
class ScopeCacheTests {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private final GraphConnection db = TestGraph.connection();

  private void write(String statement, Map<String, Object> params) {
    db.cypher().write(statement, params).block();
  }

  @SuppressWarnings("unchecked")
  private List<String> seen(Neo4jAnalystQueries guard, String uId, String prefix) {
    return guard
        .run(
            uId,
            "MATCH (n:ProfileObject) WHERE n.n_id STARTS WITH $p RETURN n.n_id AS id ORDER BY id",
            Map.of("p", prefix),
            1_000,
            TIMEOUT)
        .block()
        .rows()
        .stream()
        .map(r -> (String) r.get(0))
        .toList();
  }

  @Test
  @DisplayName("grants, revokes, memberships, nesting and cascades show in the next query")
  void nextQuerySeesEveryChange() {
    String p = "sc-" + System.nanoTime() + "-";
    write(
        "CREATE (:User {u_id: $p + 'owner'}), (:User {u_id: $p + 'analyst'}), (:Group {g_id: $p + 'g'}),"
            + " (:Group {g_id: $p + 'outer'})",
        Map.of("p", p));
    write(
        "MATCH (o:User {u_id: $p + 'owner'}) UNWIND range(0, 9) AS i"
            + " CREATE (o)-[:IS_OWNER {p_id: $p + 'own' + i, cascade: false}]->(:ProfileObject {n_id: $p + i})",
        Map.of("p", p));
    for (Neo4jAnalystQueries.Strategy strategy : Neo4jAnalystQueries.Strategy.values()) {
      Neo4jAnalystQueries guard = new Neo4jAnalystQueries(db, strategy);
      String analyst = p + "analyst";
      assertThat(seen(guard, analyst, p)).isEmpty();
      assertThat(seen(guard, analyst, p)).isEmpty();
      write(
          "MATCH (u:User {u_id: $u}), (n:ProfileObject {n_id: $n}) CREATE (u)-[:VIEWS {p_id: $p + 'v'}]->(n)",
          Map.of("u", analyst, "n", p + 1, "p", p));
      assertThat(seen(guard, analyst, p)).containsExactly(p + 1);
      write("MATCH ()-[g:VIEWS {p_id: $p + 'v'}]->() DELETE g", Map.of("p", p));
      assertThat(seen(guard, analyst, p)).isEmpty();
      // through a group, then through a group nested in another
      write(
          "MATCH (g:Group {g_id: $p + 'outer'}), (n:ProfileObject {n_id: $p + 2})"
              + " MERGE (g)-[:VIEWS {p_id: $p + 'gv', cascade: false}]->(n)",
          Map.of("p", p));
      assertThat(seen(guard, analyst, p)).isEmpty();
      write(
          "MATCH (u:User {u_id: $u}), (g:Group {g_id: $p + 'g'}) CREATE (u)-[:BELONGS_TO]->(g)",
          Map.of("u", analyst, "p", p));
      assertThat(seen(guard, analyst, p)).isEmpty();
      write(
          "MATCH (g:Group {g_id: $p + 'g'}), (o:Group {g_id: $p + 'outer'}) CREATE (g)-[:BELONGS_TO]->(o)",
          Map.of("p", p));
      assertThat(seen(guard, analyst, p)).containsExactly(p + 2);
      // a cascading grant, then a relationship under it, then that relationship gone
      write(
          "MATCH (g:Group {g_id: $p + 'outer'})-[v:VIEWS]->() SET v.cascade = true",
          Map.of("p", p));
      assertThat(seen(guard, analyst, p)).containsExactly(p + 2);
      write(
          "MATCH (a:ProfileObject {n_id: $p + 2}), (b:ProfileObject {n_id: $p + 3}) CREATE (a)-[:HAS]->(b)",
          Map.of("p", p));
      assertThat(seen(guard, analyst, p)).containsExactly(p + 2, p + 3);
      write("MATCH (:ProfileObject {n_id: $p + 2})-[r:HAS]->() DELETE r", Map.of("p", p));
      assertThat(seen(guard, analyst, p)).containsExactly(p + 2);
      write("MATCH (:Group {g_id: $p + 'g'})-[m:BELONGS_TO]->() DELETE m", Map.of("p", p));
      assertThat(seen(guard, analyst, p)).isEmpty();
      write("MATCH (:User {u_id: $u})-[m:BELONGS_TO]->() DELETE m", Map.of("u", analyst));
      write("MATCH (:Group {g_id: $p + 'outer'})-[v:VIEWS]->() DELETE v", Map.of("p", p));
      // creating objects moves only their owner's version: the analyst's next query sees its own
      // new object
      assertThat(seen(guard, analyst, p)).isEmpty();
      write(
          "MATCH (u:User {u_id: $u}) CREATE (u)-[:IS_OWNER {p_id: $p + $s, cascade: false}]->"
              + "(:ProfileObject {n_id: $p + 'own-' + $s})",
          Map.of("u", analyst, "p", p, "s", strategy.name()));
      assertThat(seen(guard, analyst, p)).containsExactly(p + "own-" + strategy.name());
      write(
          "MATCH (n:ProfileObject {n_id: $p + 'own-' + $s}) DETACH DELETE n",
          Map.of("p", p, "s", strategy.name()));
    }
  }

  @Test
  @DisplayName("a query that starts after a revoke was acknowledged never sees the revoked object")
  void revokeUnderLoad() throws Exception {
    String p = "sl-" + System.nanoTime() + "-";
    write(
        "CREATE (:User {u_id: $p + 'owner'}), (:User {u_id: $p + 'analyst'}), (:Group {g_id: $p + 'g'})",
        Map.of("p", p));
    write(
        "MATCH (o:User {u_id: $p + 'owner'}) UNWIND range(0, 19) AS i"
            + " CREATE (o)-[:IS_OWNER {p_id: $p + 'own' + i, cascade: false}]->(:ProfileObject {n_id: $p + i})",
        Map.of("p", p));
    Neo4jAnalystQueries guard = new Neo4jAnalystQueries(db);
    String analyst = p + "analyst";
    ExecutorService readers = Executors.newFixedThreadPool(2);
    AtomicBoolean stop = new AtomicBoolean();
    try {
      List<Future<Integer>> loads = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        loads.add(readers.submit(() -> {
          int n = 0;
          while (!stop.get()) {
            seen(guard, analyst, p);
            n++;
          }
          return n;
        }));
      }
      // membership in a group holding the grant: what changes is the analyst's subjects, which the
      // scope caches
      for (int round = 0; round < 40; round++) {
        String nId = p + (round % 20);
        write(
            "MATCH (g:Group {g_id: $p + 'g'}), (n:ProfileObject {n_id: $n}) CREATE (g)-[:VIEWS {p_id: $p + 'r'}]->(n)",
            Map.of("n", nId, "p", p));
        write(
            "MATCH (u:User {u_id: $u}), (g:Group {g_id: $p + 'g'}) CREATE (u)-[:BELONGS_TO]->(g)",
            Map.of("u", analyst, "p", p));
        assertThat(seen(guard, analyst, p)).containsExactly(nId);
        write("MATCH (:User {u_id: $u})-[m:BELONGS_TO]->() DELETE m", Map.of("u", analyst));
        assertThat(seen(guard, analyst, p)).as("round %d", round).isEmpty();
        write("MATCH ()-[g:VIEWS {p_id: $p + 'r'}]->() DELETE g", Map.of("p", p));
      }
      stop.set(true);
      for (Future<Integer> f : loads) {
        assertThat(f.get(30, TimeUnit.SECONDS)).isPositive();
      }
    } finally {
      stop.set(true);
      readers.shutdownNow();
    }
  }
}

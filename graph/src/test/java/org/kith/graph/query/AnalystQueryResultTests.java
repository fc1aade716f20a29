package org.kith.graph.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kith.core.Rejected;
import org.kith.core.query.GuardDefect;
import org.kith.core.query.QueryResult;
import org.kith.graph.neo4j.GraphConnection;

/**
 * What the analyst query guard's results hold: entities mapped as {n_id, labels, properties} wherever they are
 * nested, the user's own node without secrets, limits that cut and say so, and the post-check that fails any
 * result holding something outside the visible set, even behind a rewrite that checks nothing.
 */
@DisplayName("analyst query guard: results")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystQueryResultTests {
  private static final Duration TIMEOUT = GuardDatabases.TIMEOUT;
  private GraphConnection db;
  private GraphConnection copy;
  private Set<String> visible;
  private String hiddenNId;
  private Neo4jAnalystQueries guard;
  private Neo4jAnalystQueries perNode;
  private Neo4jAnalystQueries bySet;
  private Neo4jAnalystQueries uncached;

  @BeforeAll
  void fixture() {
    GuardDatabases d = GuardDatabases.get();
    db = d.db;
    copy = d.copy;
    visible = d.visible;
    hiddenNId = d.hiddenNId;
    guard = d.guard;
    perNode = d.perNode;
    bySet = d.bySet;
    uncached = d.uncached;
  }

  private QueryResult guarded(String query, Map<String, Object> params) {
    return guard.run(AnalystFixture.ANALYST, query, params, 10_000, TIMEOUT).block();
  }

  @Test
  @DisplayName(
      "post-check: an entity outside the visible set fails the whole result, naming no data")
  void postCheck() {
    var nodeRecord = db.cypher()
        .read("MATCH (n:ProfileObject {n_id: $id}) RETURN n", Map.of("id", hiddenNId), r -> r)
        .blockFirst();
    assertThatThrownBy(() -> new ResultMapper(Map.of()).row(nodeRecord, List.of("n")))
        .isInstanceOf(GuardDefect.class)
        .message()
        .doesNotContain(hiddenNId)
        .doesNotContain("qa-");
    var relRecord = db.cypher()
        .read(
            "MATCH (a:ProfileObject {n_id: $id})-[r]-(b) RETURN r, id(a) AS a" + " LIMIT 1",
            Map.of("id", hiddenNId),
            r -> r)
        .blockFirst();
    var onlyOneEnd = new ResultMapper(Map.of(relRecord.get("a").asLong(), hiddenNId));
    assertThatThrownBy(() -> onlyOneEnd.row(relRecord, List.of("r")))
        .isInstanceOf(GuardDefect.class);
    var credential = db.cypher()
        .read("MATCH (c:Credential) RETURN c, id(c) AS e LIMIT 1", Map.of(), r -> r)
        .blockFirst();
    assertThatThrownBy(() -> new ResultMapper(Map.of(credential.get("e").asLong(), "x"))
            .row(credential, List.of("c")))
        .isInstanceOf(GuardDefect.class)
        .hasMessageContaining("internal");
    // secret property names count on Kith's own nodes; on a profile object they are the owner's
    // data
    try (var session =
            db.driver().session(org.neo4j.driver.SessionConfig.forDatabase(db.database()));
        var tx = session.beginTransaction()) {
      var object = tx.run(
              "CREATE (n:ProfileObject:us_note {n_id: 'qa-hash', hash: 'abc', key: 'k'})"
                  + " RETURN n, id(n) AS e")
          .single();
      @SuppressWarnings("unchecked")
      var node = (Map<String, Object>) new ResultMapper(Map.of(object.get("e").asLong(), "qa-hash"))
          .row(object, List.of("n"))
          .get(0);
      assertThat(node.get("properties"))
          .isEqualTo(Map.of("n_id", "qa-hash", "hash", "abc", "key", "k"));
      var user = tx.run(
              "CREATE (u:User {u_id: 'qa-secret', password_hash: 'x'}) RETURN u, id(u) AS e")
          .single();
      assertThatThrownBy(() ->
              new ResultMapper(Map.of(user.get("e").asLong(), "qa-secret")).row(user, List.of("u")))
          .isInstanceOf(GuardDefect.class)
          .hasMessageContaining("secret");
      tx.rollback();
    }
  }

  @Test
  @DisplayName(
      "backstops: with a rewrite that adds no visibility check, every leaking answer still fails as a guard"
          + " defect naming no data (checked by query, by the cached visible set and on the repeated-query path), and"
          + " count-store plans are refused")
  void backstops() {
    for (boolean cache : List.of(false, true)) {
      Neo4jAnalystQueries broken = new Neo4jAnalystQueries(
          db,
          Neo4jAnalystQueries.Strategy.ADAPTIVE,
          cache,
          Set.of(),
          (query, check) -> "CYPHER 5 " + query);
      for (String leak : List.of(
          "MATCH (n:ProfileObject) RETURN n",
          "MATCH ()-[r]->() RETURN r",
          "MATCH p = (:User)-->(:ProfileObject) RETURN p",
          "MATCH (n:ProfileObject) RETURN collect(n) AS all",
          "MATCH (n:ProfileObject) RETURN {node: n} AS m",
          "MATCH (c:Credential) RETURN c",
          "MATCH (u:User)-->(c:Credential) RETURN u")) {
        for (int run = 0;
            run < 3;
            run++) { // first: scope read; second: visible set cached; third: fast path
          assertThatThrownBy(() -> broken
                  .run(AnalystFixture.ANALYST, leak, Map.of(), 10_000, TIMEOUT)
                  .block())
              .as(leak)
              .isInstanceOf(GuardDefect.class)
              .message()
              .doesNotContain(hiddenNId)
              .doesNotContain("qa-");
        }
      }
      for (String counting : List.of(
          "MATCH (n:ProfileObject) RETURN count(n) AS c",
          "MATCH ()-[r:VIEWS]->() RETURN count(r) AS c")) {
        assertThatThrownBy(() -> broken
                .run(AnalystFixture.ANALYST, counting, Map.of(), 10, TIMEOUT)
                .block())
            .isInstanceOfSatisfying(
                Rejected.class, e -> assertThat(e.getMessage()).contains("CountFromCountStore"));
      }
    }
  }

  @Test
  @DisplayName("nodes inside lists and maps map like nodes in columns: {n_id, labels, properties}")
  void nested() {
    QueryResult r = guarded(
        "MATCH (n:ProfileObject) WITH n ORDER BY n.n_id RETURN collect(n) AS all,"
            + " collect({node: n})[0] AS first",
        Map.of());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> all = (List<Map<String, Object>>) r.rows().get(0).get(0);
    assertThat(all)
        .extracting(n -> n.get("n_id"))
        .containsExactlyElementsOf(new java.util.TreeSet<>(visible));
    assertThat(all.get(0)).containsKeys("labels", "properties");
    assertThat(r.rows().get(0).get(1)).isEqualTo(Map.of("node", all.get(0)));
  }

  @Test
  @DisplayName("the user's own node carries no secret; nodes map to {n_id, labels, properties}")
  void ownNode() {
    QueryResult r = guarded("MATCH (u:User) RETURN u", Map.of());
    assertThat(r.rows()).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> node = (Map<String, Object>) r.rows().get(0).get(0);
    assertThat(node)
        .containsEntry("n_id", AnalystFixture.ANALYST)
        .containsEntry("labels", List.of("User"));
    assertThat(node.toString()).doesNotContain("password").doesNotContain("secret");
  }

  @Test
  @DisplayName("results are cut at the limit and say so; ORDER BY survives the limit wrapper")
  void limit() {
    QueryResult all = guard
        .run(
            AnalystFixture.ANALYST,
            "MATCH (n:ProfileObject) RETURN n.n_id AS id ORDER BY id DESC",
            Map.of(),
            10_000,
            TIMEOUT)
        .block();
    QueryResult cut = guard
        .run(
            AnalystFixture.ANALYST,
            "MATCH (n:ProfileObject) RETURN n.n_id AS id ORDER BY id DESC",
            Map.of(),
            5,
            TIMEOUT)
        .block();
    assertThat(all.truncated()).isFalse();
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.rows()).isEqualTo(all.rows().subList(0, 5));
    // the limit is in the query, so the database keeps a top-N instead of sorting everything
    try (var session =
        db.driver().session(org.neo4j.driver.SessionConfig.forDatabase(db.database()))) {
      var plan = session
          .run(
              "EXPLAIN "
                  + CypherGuard.rewrite(
                      "MATCH (n:ProfileObject) RETURN n.n_id AS id ORDER BY" + " id DESC",
                      CypherGuard.Check.BY_SET),
              Map.of(CypherGuard.VISIBLE, List.of(1L), CypherGuard.LIMIT, 6L))
          .consume()
          .plan();
      List<String> operators = new ArrayList<>();
      collectOperators(plan, operators);
      assertThat(operators).contains("Top").doesNotContain("Sort");
    }
  }

  private static void collectOperators(org.neo4j.driver.summary.Plan plan, List<String> into) {
    into.add(PlanOperators.baseName(plan.operatorType()));
    plan.children().forEach(child -> collectOperators(child, into));
  }
}

package org.kith.graph.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.query.GuardDefect;
import org.kith.core.query.QueryResult;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;

/**
 * The analyst query guard against an adversarial corpus and a differential oracle: for every accepted query,
 * the guarded answer on the full graph must equal the unguarded answer on an isolated copy that holds only the
 * analyst's visible subgraph.
 */
@DisplayName("analyst query guard")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystQueryGuardTests {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private GraphConnection db;
  private GraphConnection copy;
  private Neo4jAnalystQueries guard;
  private Neo4jAnalystQueries perNode;
  private Neo4jAnalystQueries bySet;
  private Neo4jAnalystQueries uncached;
  private Set<String> visible;
  private String hiddenNId;

  @BeforeAll
  void fixture() {
    db = GraphConnection.open(GraphSettings.embedded(TestGraph.newDataDir()));
    copy = GraphConnection.open(GraphSettings.embedded(TestGraph.newDataDir()));
    AnalystFixture.build(db, 42);
    visible = AnalystFixture.visibleObjects(db);
    AnalystFixture.copyVisible(db, copy, visible);
    guard = new Neo4jAnalystQueries(db);
    perNode = new Neo4jAnalystQueries(db, Neo4jAnalystQueries.Strategy.PER_NODE);
    bySet = new Neo4jAnalystQueries(db, Neo4jAnalystQueries.Strategy.BY_SET);
    uncached = new Neo4jAnalystQueries(db, Neo4jAnalystQueries.Strategy.ADAPTIVE, false);
    hiddenNId = db.cypher().read("MATCH (n:ProfileObject) WHERE NOT n.n_id IN $v RETURN n.n_id AS id LIMIT 1",
        Map.of("v", List.copyOf(visible)), r -> r.get("id").asString()).blockFirst();
  }

  @AfterAll
  void close() {
    db.close();
    copy.close();
  }

  private QueryResult guarded(String query, Map<String, Object> params) {
    return guard.run(AnalystFixture.ANALYST, query, params, 10_000, TIMEOUT).block();
  }

  @Test
  @DisplayName("the fixture hides a good part of the graph from the analyst, and shows a good part")
  void fixtureIsMeaningful() {
    assertThat(visible.size()).isBetween(15, AnalystFixture.OBJECTS - 15);
    assertThat(hiddenNId).isNotNull();
  }

  static Stream<Arguments> rejected() {
    return Stream.of(
        Arguments.of("CREATE (n:ProfileObject {n_id: 'x'}) RETURN n", "CREATE"),
        Arguments.of("MATCH (n) SET n.x = 1 RETURN n", "SET"),
        Arguments.of("MATCH (n) SET n:Evil RETURN n", "SET"),
        Arguments.of("MATCH (n) REMOVE n.x RETURN n", "REMOVE"),
        Arguments.of("MATCH (n) DETACH DELETE n", "DELETE"),
        Arguments.of("MATCH (n) DELETE n", "DELETE"),
        Arguments.of("MERGE (n:User {u_id: 'evil'}) RETURN n", "MERGE"),
        Arguments.of("MATCH (n) FOREACH (x IN [1] | SET n.y = x)", "SET"),
        Arguments.of("LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l", "LOAD CSV"),
        Arguments.of("CALL db.labels() YIELD label RETURN label", "procedure CALL"),
        Arguments.of("CALL dbms.listConfig()", "procedure CALL"),
        Arguments.of("MATCH (n) WITH n CALL db.awaitIndexes() RETURN n", "procedure CALL"),
        Arguments.of("SHOW DATABASES", "not allowed"),
        Arguments.of("SHOW TRANSACTIONS", "SHOW"),
        Arguments.of("SHOW INDEXES", "SHOW"),
        Arguments.of("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
        Arguments.of("USE system MATCH (n) RETURN n", "USE"),
        Arguments.of("CREATE INDEX evil FOR (n:User) ON (n.username)", "schema"),
        Arguments.of("DROP CONSTRAINT user_u_id", "not allowed"),
        Arguments.of("CREATE USER evil SET PASSWORD 'secret-secret'", "not allowed"),
        Arguments.of("MATCH (n) CALL (n) { SET n.z = 1 } IN TRANSACTIONS RETURN count(*)", "SET"),
        Arguments.of("MATCH (n) CALL (n) { RETURN n AS m } IN TRANSACTIONS RETURN count(*)", "IN TRANSACTIONS"),
        Arguments.of("CALL () { MATCH (n) SET n.q = 1 }", "SET"),
        Arguments.of("MATCH (n) RETURN db.nameFromElementId(n.n_id)", "function db.nameFromElementId"),
        Arguments.of("RETURN apoc.version()", "function apoc.version"),
        Arguments.of("MATCH (a)-[*1..3]->(b) RETURN b", "variable-length"),
        Arguments.of("MATCH p = shortestPath((a)-[*]-(b)) RETURN p", "variable-length"),
        Arguments.of("RETURN $__vis", "reserved"),
        Arguments.of("MATCH (__k0) RETURN __k0", "reserved"),
        Arguments.of("MATCH (n) RETURN n; MATCH (n) DETACH DELETE n", "one statement"),
        Arguments.of("MATCH (n RETURN n", "syntax error"),
        Arguments.of("MATCH (n) RETURN m", "Neo4j refused"),
        Arguments.of("MATCH (n) RETURN $missing", "Neo4j refused"),
        Arguments.of("MATCH (a:User)-->() RETURN *", "RETURN *"),
        Arguments.of("RETURN reduce(s = 'x', i IN range(1, 64) | s + s) AS s", "reduce"),
        Arguments.of("WITH range(1, 100000) AS axis RETURN [x IN axis | [y IN axis | 1]] AS m", "nested"),
        Arguments.of("RETURN [x IN range(1, 9) | size([y IN range(1, x) | y])] AS m", "nested"),
        Arguments.of("RETURN all(x IN range(1, 9) WHERE any(y IN range(1, 9) WHERE y = x)) AS b", "nested"),
        Arguments.of("RETURN [x IN [y IN range(1, 9) | y] | x] AS m", "nested"),
        Arguments.of("MATCH (a:User)-->() WITH * RETURN *", "RETURN *"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  @DisplayName("writes, procedures, admin commands, unsafe functions and reserved names are refused with a reason")
  void rejects(String query, String reason) {
    assertThatThrownBy(() -> guarded(query, Map.of()))
        .isInstanceOfSatisfying(Rejected.class, e -> {
          assertThat(e.kind()).isEqualTo(ProblemKind.VALIDATION);
          assertThat(e.getMessage()).contains(reason).doesNotContain("__vis").doesNotContain("__subjects")
              .doesNotContain("__cascaded");
        });
    long written = db.cypher().read("MATCH (n) WHERE n.x = 1 AND n.y IS NOT NULL OR n:Evil OR n.q IS NOT NULL"
        + " OR n.z IS NOT NULL OR n.u_id = 'evil' RETURN count(n) AS c", Map.of(), r -> r.get("c").asLong())
        .blockFirst();
    assertThat(written).isZero();
  }

  static Stream<Arguments> inference() {
    return Stream.of(
        Arguments.of("MATCH (n) RETURN count(n)", true),
        Arguments.of("MATCH (n:User) RETURN n", true),
        Arguments.of("MATCH (n) RETURN labels(n) AS l, count(*) AS c", true),
        Arguments.of("MATCH (c:Credential) RETURN c.password_hash", true),
        Arguments.of("MATCH (u:User)-->(x) RETURN x", true),
        Arguments.of("MATCH (e:AuditEvent) RETURN count(e)", true),
        Arguments.of("MATCH (t:RefreshToken) RETURN t", true),
        Arguments.of("MATCH (a)-->(b) WHERE b.x > 50 RETURN a.n_id", true),
        Arguments.of("MATCH (a:ProfileObject) WHERE EXISTS { (a)--(b) WHERE b.x < 20 } RETURN a.n_id", true),
        Arguments.of("MATCH (a:ProfileObject) RETURN a.n_id, COUNT { (a)--() } AS degree", true),
        Arguments.of("MATCH (a:ProfileObject) RETURN a.n_id ORDER BY a.x, a.n_id LIMIT 3", true),
        Arguments.of("MATCH (a:ss_A) RETURN a.n_id AS id UNION MATCH (b:ss_B) RETURN b.n_id AS id", true),
        Arguments.of("MATCH (a) CALL (a) { MATCH (a)-->(b) RETURN count(b) AS c } RETURN a.n_id, c", true),
        Arguments.of("MATCH (n) UNWIND keys(n) AS k RETURN k, count(*)", true),
        Arguments.of("MATCH (a:ProfileObject) RETURN a.n_id, [(a)-->(b) | b.n_id] AS out", true),
        Arguments.of("MATCH (a:ProfileObject) OPTIONAL MATCH (a)<-[g]-(s) RETURN a.n_id, type(g), s", true),
        Arguments.of("MATCH p = (a) (()-->()){1,4} (b) RETURN count(p)", true),
        Arguments.of("MATCH ()-[r]->() RETURN type(r), count(*)", true),
        Arguments.of("MATCH (n) WHERE n.x IS NOT NULL RETURN min(n.x), max(n.x), sum(n.x)", true),
        Arguments.of("MATCH (a:ProfileObject) RETURN a.n_id, COLLECT { MATCH (a)<--(b) RETURN b.n_id } AS ins", true),
        Arguments.of("MATCH (n) WHERE n:ss_A OR n:Credential RETURN count(n)", true),
        Arguments.of("MATCH (a), (b) WHERE a.x = b.x AND a <> b RETURN count(*)", true),
        Arguments.of("MATCH (n {n_id: $hidden}) RETURN n", true),
        Arguments.of("MATCH (g:Group) RETURN g.g_id", true),
        Arguments.of("MATCH p = SHORTEST 1 (a:ss_A) (()--()){1,6} (b:us_C) RETURN length(p) AS l, count(*)", true),
        Arguments.of("MATCH (a) WHERE (a)-->(:ss_B) RETURN count(a)", true),
        Arguments.of("MATCH (n) RETURN count { (n)--() } AS d, count(*) ORDER BY d", true),
        Arguments.of("MATCH (a:ProfileObject)-[r]-(b) RETURN r", true),
        Arguments.of("MATCH p = (a:User)-->(b) RETURN p", true),
        Arguments.of("RETURN $n AS echo", false),
        Arguments.of("UNWIND range(1, 5) AS i RETURN i * 2 AS doubled", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inference")
  @DisplayName("inference attacks get the answer of the analyst's isolated copy, never the full graph's")
  void inferenceAttacks(String query, boolean fullGraphDiffers) {
    Map<String, Object> params = Map.of("hidden", hiddenNId, "n", 5L);
    QueryResult expected = AnalystFixture.raw(copy, query, params);
    for (Neo4jAnalystQueries g : List.of(perNode, bySet, uncached)) {
      QueryResult answer = g.run(AnalystFixture.ANALYST, query, params, 10_000, TIMEOUT).block();
      assertThat(normalized(answer, query)).isEqualTo(normalized(expected, query));
    }
    if (fullGraphDiffers) {
      assertThat(normalized(AnalystFixture.raw(db, query, params), query))
          .as("without the guard this query would learn more").isNotEqualTo(normalized(expected, query));
    }
  }

  @Test
  @DisplayName("nested groups: the analyst sees its groups' containers and their grants, not a stranger's container")
  void nestedGroups() {
    QueryResult groups = guarded("MATCH (g:Group) RETURN g.g_id AS g ORDER BY g", Map.of());
    assertThat(groups.rows()).containsExactly(List.of("PUBLIC"), List.of("qa-g1"), List.of("qa-g3"),
        List.of("qa-g4"));
    // every object granted to g4 only (two levels above the analyst's own group) is visible, none granted to g5 only
    List<String> viaG4 = db.cypher().read("MATCH (:Group {g_id: 'qa-g4'})-[:VIEWS]->(n) RETURN n.n_id AS id",
        Map.of(), r -> r.get("id").asString()).collectList().block();
    assertThat(viaG4).isNotEmpty();
    assertThat(visible).containsAll(viaG4);
    QueryResult seen = guarded("MATCH (:Group {g_id: 'qa-g4'})-[:VIEWS]->(n) RETURN n.n_id AS id", Map.of());
    assertThat(seen.rows()).extracting(r -> r.get(0)).containsExactlyInAnyOrderElementsOf(viaG4);
    QueryResult g5 = guarded("MATCH (g:Group {g_id: 'qa-g5'})-[r]-() RETURN count(r) AS n", Map.of());
    assertThat(g5.rows()).containsExactly(List.of(0L));
    QueryResult nesting = guarded("MATCH (a:Group)-[:BELONGS_TO]->(b:Group) RETURN a.g_id, b.g_id ORDER BY a.g_id",
        Map.of());
    assertThat(nesting.rows()).containsExactly(List.of("qa-g1", "qa-g3"), List.of("qa-g3", "qa-g4"));
  }

  @Test
  @DisplayName("post-check: an entity outside the visible set fails the whole result, naming no data")
  void postCheck() {
    var nodeRecord = db.cypher().read("MATCH (n:ProfileObject {n_id: $id}) RETURN n", Map.of("id", hiddenNId), r -> r)
        .blockFirst();
    assertThatThrownBy(() -> new ResultMapper(Map.of()).row(nodeRecord, List.of("n")))
        .isInstanceOf(GuardDefect.class).message().doesNotContain(hiddenNId).doesNotContain("qa-");
    var relRecord = db.cypher().read("MATCH (a:ProfileObject {n_id: $id})-[r]-(b) RETURN r, id(a) AS a"
        + " LIMIT 1", Map.of("id", hiddenNId), r -> r).blockFirst();
    var onlyOneEnd = new ResultMapper(Map.of(relRecord.get("a").asLong(), hiddenNId));
    assertThatThrownBy(() -> onlyOneEnd.row(relRecord, List.of("r"))).isInstanceOf(GuardDefect.class);
    var credential = db.cypher().read("MATCH (c:Credential) RETURN c, id(c) AS e LIMIT 1", Map.of(), r -> r)
        .blockFirst();
    assertThatThrownBy(() -> new ResultMapper(Map.of(credential.get("e").asLong(), "x"))
        .row(credential, List.of("c"))).isInstanceOf(GuardDefect.class).hasMessageContaining("internal");
    // secret property names count on Kith's own nodes; on a profile object they are the owner's data
    try (var session = db.driver().session(org.neo4j.driver.SessionConfig.forDatabase(db.database()));
        var tx = session.beginTransaction()) {
      var object = tx.run("CREATE (n:ProfileObject:us_note {n_id: 'qa-hash', hash: 'abc', key: 'k'})"
          + " RETURN n, id(n) AS e").single();
      @SuppressWarnings("unchecked")
      var node = (Map<String, Object>) new ResultMapper(Map.of(object.get("e").asLong(),
          "qa-hash")).row(object, List.of("n")).get(0);
      assertThat(node.get("properties")).isEqualTo(Map.of("n_id", "qa-hash", "hash", "abc", "key", "k"));
      var user = tx.run("CREATE (u:User {u_id: 'qa-secret', password_hash: 'x'}) RETURN u, id(u) AS e").single();
      assertThatThrownBy(() -> new ResultMapper(Map.of(user.get("e").asLong(), "qa-secret"))
          .row(user, List.of("u"))).isInstanceOf(GuardDefect.class).hasMessageContaining("secret");
      tx.rollback();
    }
  }

  @Test
  @DisplayName("backstops: with a rewrite that adds no visibility check, every leaking answer still fails as a guard"
      + " defect naming no data (checked by query, by the cached visible set and on the repeated-query path), and"
      + " count-store plans are refused")
  void backstops() {
    for (boolean cache : List.of(false, true)) {
      Neo4jAnalystQueries broken = new Neo4jAnalystQueries(db, Neo4jAnalystQueries.Strategy.ADAPTIVE, cache,
          Set.of(), (query, check) -> "CYPHER 5 " + query);
      for (String leak : List.of("MATCH (n:ProfileObject) RETURN n", "MATCH ()-[r]->() RETURN r",
          "MATCH p = (:User)-->(:ProfileObject) RETURN p", "MATCH (n:ProfileObject) RETURN collect(n) AS all",
          "MATCH (n:ProfileObject) RETURN {node: n} AS m", "MATCH (c:Credential) RETURN c",
          "MATCH (u:User)-->(c:Credential) RETURN u")) {
        for (int run = 0; run < 3; run++) { // first: scope read; second: visible set cached; third: fast path
          assertThatThrownBy(() -> broken.run(AnalystFixture.ANALYST, leak, Map.of(), 10_000, TIMEOUT).block())
              .as(leak).isInstanceOf(GuardDefect.class).message().doesNotContain(hiddenNId).doesNotContain("qa-");
        }
      }
      for (String counting : List.of("MATCH (n:ProfileObject) RETURN count(n) AS c",
          "MATCH ()-[r:VIEWS]->() RETURN count(r) AS c")) {
        assertThatThrownBy(() -> broken.run(AnalystFixture.ANALYST, counting, Map.of(), 10, TIMEOUT).block())
            .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.getMessage()).contains("CountFromCountStore"));
      }
    }
  }

  @Test
  @DisplayName("nodes inside lists and maps map like nodes in columns: {n_id, labels, properties}")
  void nested() {
    QueryResult r = guarded("MATCH (n:ProfileObject) WITH n ORDER BY n.n_id RETURN collect(n) AS all,"
        + " collect({node: n})[0] AS first", Map.of());
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> all = (List<Map<String, Object>>) r.rows().get(0).get(0);
    assertThat(all).extracting(n -> n.get("n_id")).containsExactlyElementsOf(new java.util.TreeSet<>(visible));
    assertThat(all.get(0)).containsKeys("labels", "properties");
    assertThat(r.rows().get(0).get(1)).isEqualTo(Map.of("node", all.get(0)));
  }

  @Test
  @DisplayName("procedure CALLs: none by default; an allowed one runs, any other is refused by name")
  void procedures() {
    Neo4jAnalystQueries allowing = new Neo4jAnalystQueries(db, Set.of("db.ping"));
    String ping = "CALL db.ping() YIELD success RETURN success";
    assertThat(allowing.run(AnalystFixture.ANALYST, ping, Map.of(), 10, TIMEOUT).block().rows())
        .containsExactly(List.of(true));
    assertThatThrownBy(() -> allowing.run(AnalystFixture.ANALYST, "CALL db.labels() YIELD label RETURN label",
        Map.of(), 10, TIMEOUT).block()).isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.getMessage())
            .contains("db.labels").contains("not on this server's list"));
    assertThatThrownBy(() -> allowing.run(AnalystFixture.ANALYST, "CALL DB.PING() YIELD success RETURN success",
        Map.of(), 10, TIMEOUT).block()).isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.getMessage())
            .contains("not on this server's list"));
    assertThatThrownBy(() -> guarded(ping, Map.of())).isInstanceOfSatisfying(Rejected.class,
        e -> assertThat(e.getMessage()).contains("procedure CALL"));
  }

  @Test
  @DisplayName("the plan check refuses writes, LOAD CSV, procedure calls and count-store reads")
  void planCheck() {
    Map<String, String> plans = Map.of("CREATE (n:Evil) RETURN n", "not read-only",
        "LOAD CSV FROM 'file:///nothing.csv' AS l RETURN l", "LoadCSV",
        "CALL db.labels() YIELD label RETURN label", "ProcedureCall",
        "MATCH (n:ProfileObject) RETURN count(n) AS c", "NodeCountFromCountStore",
        "MATCH ()-[r:VIEWS]->() RETURN count(r) AS c", "RelationshipCountFromCountStore");
    try (var session = db.driver().session(org.neo4j.driver.SessionConfig.forDatabase(db.database()))) {
      plans.forEach((query, reason) -> {
        var summary = session.run("EXPLAIN " + query).consume();
        assertThatThrownBy(() -> PlanVerdicts.checkPlan(summary, Set.of())).as(query)
            .isInstanceOf(QueryRejected.class).hasMessageContaining(reason);
      });
      // a procedure call passes only if that procedure is allowed
      var ping = session.run("EXPLAIN CALL db.ping() YIELD success RETURN success").consume();
      PlanVerdicts.checkPlan(ping, Set.of("db.ping"));
      assertThatThrownBy(() -> PlanVerdicts.checkPlan(ping, Set.of("db.labels")))
          .isInstanceOf(QueryRejected.class).hasMessageContaining("ProcedureCall");
      var guardedCount = session.run("EXPLAIN " + CypherGuard.rewrite("MATCH (n:ProfileObject) RETURN count(n) AS c",
          CypherGuard.Check.BY_SET), Map.of(CypherGuard.VISIBLE, List.of(1L), CypherGuard.LIMIT, 10L)).consume();
      PlanVerdicts.checkPlan(guardedCount, Set.of());
    }
  }

  @Test
  @DisplayName("the user's own node carries no secret; nodes map to {n_id, labels, properties}")
  void ownNode() {
    QueryResult r = guarded("MATCH (u:User) RETURN u", Map.of());
    assertThat(r.rows()).hasSize(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> node = (Map<String, Object>) r.rows().get(0).get(0);
    assertThat(node).containsEntry("n_id", AnalystFixture.ANALYST).containsEntry("labels", List.of("User"));
    assertThat(node.toString()).doesNotContain("password").doesNotContain("secret");
  }

  @Test
  @DisplayName("results are cut at the limit and say so; ORDER BY survives the limit wrapper")
  void limit() {
    QueryResult all = guard.run(AnalystFixture.ANALYST, "MATCH (n:ProfileObject) RETURN n.n_id AS id ORDER BY id DESC",
        Map.of(), 10_000, TIMEOUT).block();
    QueryResult cut = guard.run(AnalystFixture.ANALYST, "MATCH (n:ProfileObject) RETURN n.n_id AS id ORDER BY id DESC",
        Map.of(), 5, TIMEOUT).block();
    assertThat(all.truncated()).isFalse();
    assertThat(cut.truncated()).isTrue();
    assertThat(cut.rows()).isEqualTo(all.rows().subList(0, 5));
    // the limit is in the query, so the database keeps a top-N instead of sorting everything
    try (var session = db.driver().session(org.neo4j.driver.SessionConfig.forDatabase(db.database()))) {
      var plan = session.run("EXPLAIN " + CypherGuard.rewrite("MATCH (n:ProfileObject) RETURN n.n_id AS id ORDER BY"
          + " id DESC", CypherGuard.Check.BY_SET), Map.of(CypherGuard.VISIBLE, List.of(1L), CypherGuard.LIMIT, 6L))
          .consume().plan();
      List<String> operators = new ArrayList<>();
      collectOperators(plan, operators);
      assertThat(operators).contains("Top").doesNotContain("Sort");
    }
  }

  private static void collectOperators(org.neo4j.driver.summary.Plan plan, List<String> into) {
    into.add(PlanOperators.baseName(plan.operatorType()));
    plan.children().forEach(child -> collectOperators(child, into));
  }

  @Test
  @DisplayName("a query that runs too long is stopped: 422, and the database is fine afterwards")
  void timeout() {
    assertThatThrownBy(() -> guard.run(AnalystFixture.ANALYST,
        "MATCH (a), (b), (c), (d) WHERE a.x + b.x + c.x + d.x = -1 RETURN count(*)",
        Map.of(), 10,
        Duration.ofMillis(500)).block())
        .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.kind()).isEqualTo(ProblemKind.UNPROCESSABLE));
    assertThat(guarded("RETURN 1 AS one", Map.of()).rows()).containsExactly(List.of(1L));
  }

  @Test
  @DisplayName("a predicate that would fail on a hidden node's value does not fail: hidden nodes are never tested")
  void noErrorOracle() {
    Long hiddenX = db.cypher().read("MATCH (n:ProfileObject) WHERE NOT n.n_id IN $v"
            + " AND NOT n.x IN COLLECT { MATCH (m:ProfileObject) WHERE m.n_id IN $v RETURN m.x }"
            + " RETURN n.x AS x LIMIT 1", Map.of("v", List.copyOf(visible)), r -> r.get("x").asLong()).blockFirst();
    assertThat(hiddenX).isNotNull();
    for (String q : List.of("MATCH (n:ProfileObject) WHERE 1 / (n.x - $hx) > -1000 RETURN count(n) AS c",
        "MATCH (n) WHERE n.x IS NOT NULL AND 1 / (n.x - $hx) > -1000 RETURN count(n) AS c",
        "MATCH (a)-->(b) WHERE 1 / (b.x - $hx) > -1000 RETURN count(*) AS c",
        "MATCH (a) WHERE EXISTS { (a)-->(b) WHERE 1 / (b.x - $hx) > -1000 } RETURN count(*) AS c")) {
      for (Neo4jAnalystQueries g : List.of(perNode, bySet)) {
        QueryResult answer = g.run(AnalystFixture.ANALYST, q, Map.of("hx", hiddenX), 10, TIMEOUT).block();
        assertThat(answer.rows()).isEqualTo(AnalystFixture.raw(copy, q, Map.of("hx", hiddenX)).rows());
      }
    }
  }

  @Test
  @DisplayName("one row's values are bounded: range() fails beyond 1,000,000 values with a 400 saying so;"
      + " single list comprehensions and quantifiers work")
  void boundedRows() {
    assertThatThrownBy(() -> guarded("RETURN size(range(1, 1000001)) AS n", Map.of()))
        .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.getMessage()).contains("range() may produce"));
    assertThatThrownBy(() -> guarded("UNWIND [1, 2] AS k RETURN [x IN range(0, 999999 * k) | 1] AS n", Map.of()))
        .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.getMessage()).contains("range() may produce"));
    assertThat(guarded("RETURN size(range(1, 1000000)) AS n, [x IN range(1, 5) WHERE x % 2 = 1 | x * 10] AS xs,"
        + " any(x IN range(1, 5) WHERE x = 4) AS four", Map.of()).rows())
        .containsExactly(List.of(1_000_000L, List.of(10L, 30L, 50L), true));
  }

  @Test
  @DisplayName("runtime errors answer 400 without the database's message (it could quote data)")
  void runtimeErrors() {
    assertThatThrownBy(() -> guarded("MATCH (n:ProfileObject) RETURN date(n.name)", Map.of()))
        .isInstanceOfSatisfying(Rejected.class, e -> assertThat(e.getMessage())
            .contains("failed while running").doesNotContain("name-"));
  }

  @Nested
  @DisplayName("differential oracle")
  class Oracle {
    @Test
    @DisplayName("200 generated read queries (per-node checks, by visible set, without the scope cache): guarded"
        + " answer on the graph == raw answer on the isolated copy")
    void generated() {
      Random rnd = new Random(7);
      int differsFromFull = 0;
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String q = QueryGenerator.next(rnd);
        try {
          QueryResult answer = List.of(perNode, bySet, uncached).get(i % 3).run(AnalystFixture.ANALYST, q, Map.of(),
              10_000,
              TIMEOUT).block();
          QueryResult expected = AnalystFixture.raw(copy, q, Map.of());
          if (!normalized(answer, q).equals(normalized(expected, q))) {
            failures.add(q + "\n   guarded: " + normalized(answer, q) + "\n   copy:    " + normalized(expected, q));
          }
          if (!normalized(AnalystFixture.raw(db, q, Map.of()), q).equals(normalized(expected, q))) {
            differsFromFull++;
          }
        } catch (RuntimeException e) {
          failures.add(q + " → " + e + " / " + e.getCause());
        }
      }
      assertThat(failures).isEmpty();
      assertThat(differsFromFull).as("queries whose unguarded answer would leak").isGreaterThan(60);
    }
  }

  /** Rows in a comparable form: ordered if the query orders them, as a sorted multiset otherwise. */
  static List<String> normalized(QueryResult r, String query) {
    List<String> rows = new ArrayList<>();
    // an unguarded run learns its columns from its first record, so an empty answer has none
    rows.add(r.rows().isEmpty() ? "[]" : String.valueOf(r.columns()));
    List<String> body = new ArrayList<>();
    for (List<Object> row : r.rows()) {
      body.add(canonical(row));
    }
    if (!query.contains("ORDER BY")) {
      body.sort(null);
    }
    rows.addAll(body);
    return rows;
  }

  private static String canonical(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> sorted = new java.util.TreeMap<>();
      m.forEach((k, v) -> sorted.put((String) k, canonical(v)));
      return sorted.toString();
    }
    if (value instanceof List<?> l) {
      // collect(), pattern comprehensions and labels() list in storage order, which differs between databases
      List<String> out = new ArrayList<>();
      l.forEach(v -> out.add(canonical(v)));
      out.sort(null);
      return out.toString();
    }
    return String.valueOf(value);
  }

  static Map<String, Object> params(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}

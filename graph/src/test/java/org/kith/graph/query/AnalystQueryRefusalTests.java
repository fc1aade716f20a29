package org.kith.graph.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.query.QueryResult;
import org.kith.graph.neo4j.GraphConnection;

/**
 * What the analyst query guard refuses, and how: writes, procedures, administration, unsafe functions and
 * reserved names by the rewrite, the same again by the plan check, unbounded rows, runtime errors and timeouts
 * with problems that quote no data.
 */
@DisplayName("analyst query guard: refusals")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystQueryRefusalTests {
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
        Arguments.of(
            "MATCH (n) CALL (n) { RETURN n AS m } IN TRANSACTIONS RETURN count(*)",
            "IN TRANSACTIONS"),
        Arguments.of("CALL () { MATCH (n) SET n.q = 1 }", "SET"),
        Arguments.of(
            "MATCH (n) RETURN db.nameFromElementId(n.n_id)", "function db.nameFromElementId"),
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
        Arguments.of(
            "WITH range(1, 100000) AS axis RETURN [x IN axis | [y IN axis | 1]] AS m", "nested"),
        Arguments.of("RETURN [x IN range(1, 9) | size([y IN range(1, x) | y])] AS m", "nested"),
        Arguments.of(
            "RETURN all(x IN range(1, 9) WHERE any(y IN range(1, 9) WHERE y = x)) AS b", "nested"),
        Arguments.of("RETURN [x IN [y IN range(1, 9) | y] | x] AS m", "nested"),
        Arguments.of("MATCH (a:User)-->() WITH * RETURN *", "RETURN *"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejected")
  @DisplayName(
      "writes, procedures, admin commands, unsafe functions and reserved names are refused with a reason")
  void rejects(String query, String reason) {
    assertThatThrownBy(() -> guarded(query, Map.of())).isInstanceOfSatisfying(Rejected.class, e -> {
      assertThat(e.kind()).isEqualTo(ProblemKind.VALIDATION);
      assertThat(e.getMessage())
          .contains(reason)
          .doesNotContain("__vis")
          .doesNotContain("__subjects")
          .doesNotContain("__cascaded");
    });
    long written = db.cypher()
        .read(
            "MATCH (n) WHERE n.x = 1 AND n.y IS NOT NULL OR n:Evil OR n.q IS NOT NULL"
                + " OR n.z IS NOT NULL OR n.u_id = 'evil' RETURN count(n) AS c",
            Map.of(),
            r -> r.get("c").asLong())
        .blockFirst();
    assertThat(written).isZero();
  }

  @Test
  @DisplayName(
      "procedure CALLs: none by default; an allowed one runs, any other is refused by name")
  void procedures() {
    Neo4jAnalystQueries allowing = new Neo4jAnalystQueries(db, Set.of("db.ping"));
    String ping = "CALL db.ping() YIELD success RETURN success";
    assertThat(allowing
            .run(AnalystFixture.ANALYST, ping, Map.of(), 10, TIMEOUT)
            .block()
            .rows())
        .containsExactly(List.of(true));
    assertThatThrownBy(() -> allowing
            .run(
                AnalystFixture.ANALYST,
                "CALL db.labels() YIELD label RETURN label",
                Map.of(),
                10,
                TIMEOUT)
            .block())
        .isInstanceOfSatisfying(
            Rejected.class,
            e -> assertThat(e.getMessage())
                .contains("db.labels")
                .contains("not on this server's list"));
    assertThatThrownBy(() -> allowing
            .run(
                AnalystFixture.ANALYST,
                "CALL DB.PING() YIELD success RETURN success",
                Map.of(),
                10,
                TIMEOUT)
            .block())
        .isInstanceOfSatisfying(
            Rejected.class, e -> assertThat(e.getMessage()).contains("not on this server's list"));
    assertThatThrownBy(() -> guarded(ping, Map.of()))
        .isInstanceOfSatisfying(
            Rejected.class, e -> assertThat(e.getMessage()).contains("procedure CALL"));
  }

  @Test
  @DisplayName("the plan check refuses writes, LOAD CSV, procedure calls and count-store reads")
  void planCheck() {
    Map<String, String> plans = Map.of(
        "CREATE (n:Evil) RETURN n",
        "not read-only",
        "LOAD CSV FROM 'file:///nothing.csv' AS l RETURN l",
        "LoadCSV",
        "CALL db.labels() YIELD label RETURN label",
        "ProcedureCall",
        "MATCH (n:ProfileObject) RETURN count(n) AS c",
        "NodeCountFromCountStore",
        "MATCH ()-[r:VIEWS]->() RETURN count(r) AS c",
        "RelationshipCountFromCountStore");
    try (var session =
        db.driver().session(org.neo4j.driver.SessionConfig.forDatabase(db.database()))) {
      plans.forEach((query, reason) -> {
        var summary = session.run("EXPLAIN " + query).consume();
        assertThatThrownBy(() -> PlanVerdicts.checkPlan(summary, Set.of()))
            .as(query)
            .isInstanceOf(QueryRejected.class)
            .hasMessageContaining(reason);
      });
      // a procedure call passes only if that procedure is allowed
      var ping =
          session.run("EXPLAIN CALL db.ping() YIELD success RETURN success").consume();
      PlanVerdicts.checkPlan(ping, Set.of("db.ping"));
      assertThatThrownBy(() -> PlanVerdicts.checkPlan(ping, Set.of("db.labels")))
          .isInstanceOf(QueryRejected.class)
          .hasMessageContaining("ProcedureCall");
      var guardedCount = session
          .run(
              "EXPLAIN "
                  + CypherGuard.rewrite(
                      "MATCH (n:ProfileObject) RETURN count(n) AS c", CypherGuard.Check.BY_SET),
              Map.of(CypherGuard.VISIBLE, List.of(1L), CypherGuard.LIMIT, 10L))
          .consume();
      PlanVerdicts.checkPlan(guardedCount, Set.of());
    }
  }

  @Test
  @DisplayName(
      "one row's values are bounded: range() fails beyond 1,000,000 values with a 400 saying so;"
          + " single list comprehensions and quantifiers work")
  void boundedRows() {
    assertThatThrownBy(() -> guarded("RETURN size(range(1, 1000001)) AS n", Map.of()))
        .isInstanceOfSatisfying(
            Rejected.class, e -> assertThat(e.getMessage()).contains("range() may produce"));
    assertThatThrownBy(() ->
            guarded("UNWIND [1, 2] AS k RETURN [x IN range(0, 999999 * k) | 1] AS n", Map.of()))
        .isInstanceOfSatisfying(
            Rejected.class, e -> assertThat(e.getMessage()).contains("range() may produce"));
    assertThat(guarded(
                "RETURN size(range(1, 1000000)) AS n, [x IN range(1, 5) WHERE x % 2 = 1 | x * 10] AS xs,"
                    + " any(x IN range(1, 5) WHERE x = 4) AS four",
                Map.of())
            .rows())
        .containsExactly(List.of(1_000_000L, List.of(10L, 30L, 50L), true));
  }

  @Test
  @DisplayName("runtime errors answer 400 without the database's message (it could quote data)")
  void runtimeErrors() {
    assertThatThrownBy(() -> guarded("MATCH (n:ProfileObject) RETURN date(n.name)", Map.of()))
        .isInstanceOfSatisfying(
            Rejected.class,
            e -> assertThat(e.getMessage())
                .contains("failed while running")
                .doesNotContain("name-"));
  }

  @Test
  @DisplayName("a query that runs too long is stopped: 422, and the database is fine afterwards")
  void timeout() {
    assertThatThrownBy(() -> guard
            .run(
                AnalystFixture.ANALYST,
                "MATCH (a), (b), (c), (d) WHERE a.x + b.x + c.x + d.x = -1 RETURN count(*)",
                Map.of(),
                10,
                Duration.ofMillis(500))
            .block())
        .isInstanceOfSatisfying(
            Rejected.class, e -> assertThat(e.kind()).isEqualTo(ProblemKind.UNPROCESSABLE));
    assertThat(guarded("RETURN 1 AS one", Map.of()).rows()).containsExactly(List.of(1L));
  }
}

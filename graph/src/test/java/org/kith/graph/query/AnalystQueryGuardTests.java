package org.kith.graph.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kith.core.query.QueryResult;
import org.kith.graph.neo4j.GraphConnection;

/**
 * The analyst query guard against inference attacks and a differential oracle: for every accepted query, the
 * guarded answer on the full graph must equal the unguarded answer on an isolated copy that holds only the
 * analyst's visible subgraph. Refusals are in {@link AnalystQueryRefusalTests}, result checks and backstops in
 * {@link AnalystQueryResultTests}.
 */
@DisplayName("analyst query guard")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalystQueryGuardTests {
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
  @DisplayName("the fixture hides a good part of the graph from the analyst, and shows a good part")
  void fixtureIsMeaningful() {
    assertThat(visible.size()).isBetween(15, AnalystFixture.OBJECTS - 15);
    assertThat(hiddenNId).isNotNull();
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
        Arguments.of(
            "MATCH (a:ProfileObject) WHERE EXISTS { (a)--(b) WHERE b.x < 20 } RETURN a.n_id", true),
        Arguments.of("MATCH (a:ProfileObject) RETURN a.n_id, COUNT { (a)--() } AS degree", true),
        Arguments.of("MATCH (a:ProfileObject) RETURN a.n_id ORDER BY a.x, a.n_id LIMIT 3", true),
        Arguments.of(
            "MATCH (a:ss_A) RETURN a.n_id AS id UNION MATCH (b:ss_B) RETURN b.n_id AS id", true),
        Arguments.of(
            "MATCH (a) CALL (a) { MATCH (a)-->(b) RETURN count(b) AS c } RETURN a.n_id, c", true),
        Arguments.of("MATCH (n) UNWIND keys(n) AS k RETURN k, count(*)", true),
        Arguments.of("MATCH (a:ProfileObject) RETURN a.n_id, [(a)-->(b) | b.n_id] AS out", true),
        Arguments.of(
            "MATCH (a:ProfileObject) OPTIONAL MATCH (a)<-[g]-(s) RETURN a.n_id, type(g), s", true),
        Arguments.of("MATCH p = (a) (()-->()){1,4} (b) RETURN count(p)", true),
        Arguments.of("MATCH ()-[r]->() RETURN type(r), count(*)", true),
        Arguments.of("MATCH (n) WHERE n.x IS NOT NULL RETURN min(n.x), max(n.x), sum(n.x)", true),
        Arguments.of(
            "MATCH (a:ProfileObject) RETURN a.n_id, COLLECT { MATCH (a)<--(b) RETURN b.n_id } AS ins",
            true),
        Arguments.of("MATCH (n) WHERE n:ss_A OR n:Credential RETURN count(n)", true),
        Arguments.of("MATCH (a), (b) WHERE a.x = b.x AND a <> b RETURN count(*)", true),
        Arguments.of("MATCH (n {n_id: $hidden}) RETURN n", true),
        Arguments.of("MATCH (g:Group) RETURN g.g_id", true),
        Arguments.of(
            "MATCH p = SHORTEST 1 (a:ss_A) (()--()){1,6} (b:us_C) RETURN length(p) AS l, count(*)",
            true),
        Arguments.of("MATCH (a) WHERE (a)-->(:ss_B) RETURN count(a)", true),
        Arguments.of("MATCH (n) RETURN count { (n)--() } AS d, count(*) ORDER BY d", true),
        Arguments.of("MATCH (a:ProfileObject)-[r]-(b) RETURN r", true),
        Arguments.of("MATCH p = (a:User)-->(b) RETURN p", true),
        Arguments.of("RETURN $n AS echo", false),
        Arguments.of("UNWIND range(1, 5) AS i RETURN i * 2 AS doubled", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inference")
  @DisplayName(
      "inference attacks get the answer of the analyst's isolated copy, never the full graph's")
  void inferenceAttacks(String query, boolean fullGraphDiffers) {
    Map<String, Object> params = Map.of("hidden", hiddenNId, "n", 5L);
    QueryResult expected = AnalystFixture.raw(copy, query, params);
    for (Neo4jAnalystQueries g : List.of(perNode, bySet, uncached)) {
      QueryResult answer =
          g.run(AnalystFixture.ANALYST, query, params, 10_000, TIMEOUT).block();
      assertThat(normalized(answer, query)).isEqualTo(normalized(expected, query));
    }
    if (fullGraphDiffers) {
      assertThat(normalized(AnalystFixture.raw(db, query, params), query))
          .as("without the guard this query would learn more")
          .isNotEqualTo(normalized(expected, query));
    }
  }

  @Test
  @DisplayName(
      "nested groups: the analyst sees its groups' containers and their grants, not a stranger's container")
  void nestedGroups() {
    QueryResult groups = guarded("MATCH (g:Group) RETURN g.g_id AS g ORDER BY g", Map.of());
    assertThat(groups.rows())
        .containsExactly(List.of("PUBLIC"), List.of("qa-g1"), List.of("qa-g3"), List.of("qa-g4"));
    // every object granted to g4 only (two levels above the analyst's own group) is visible, none
    // granted to g5 only
    List<String> viaG4 = db.cypher()
        .read(
            "MATCH (:Group {g_id: 'qa-g4'})-[:VIEWS]->(n) RETURN n.n_id AS id",
            Map.of(),
            r -> r.get("id").asString())
        .collectList()
        .block();
    assertThat(viaG4).isNotEmpty();
    assertThat(visible).containsAll(viaG4);
    QueryResult seen =
        guarded("MATCH (:Group {g_id: 'qa-g4'})-[:VIEWS]->(n) RETURN n.n_id AS id", Map.of());
    assertThat(seen.rows()).extracting(r -> r.get(0)).containsExactlyInAnyOrderElementsOf(viaG4);
    QueryResult g5 =
        guarded("MATCH (g:Group {g_id: 'qa-g5'})-[r]-() RETURN count(r) AS n", Map.of());
    assertThat(g5.rows()).containsExactly(List.of(0L));
    QueryResult nesting = guarded(
        "MATCH (a:Group)-[:BELONGS_TO]->(b:Group) RETURN a.g_id, b.g_id ORDER BY a.g_id", Map.of());
    assertThat(nesting.rows())
        .containsExactly(List.of("qa-g1", "qa-g3"), List.of("qa-g3", "qa-g4"));
  }

  @Test
  @DisplayName(
      "a predicate that would fail on a hidden node's value does not fail: hidden nodes are never tested")
  void noErrorOracle() {
    Long hiddenX = db.cypher()
        .read(
            "MATCH (n:ProfileObject) WHERE NOT n.n_id IN $v"
                + " AND NOT n.x IN COLLECT { MATCH (m:ProfileObject) WHERE m.n_id IN $v RETURN m.x }"
                + " RETURN n.x AS x LIMIT 1",
            Map.of("v", List.copyOf(visible)),
            r -> r.get("x").asLong())
        .blockFirst();
    assertThat(hiddenX).isNotNull();
    for (String q : List.of(
        "MATCH (n:ProfileObject) WHERE 1 / (n.x - $hx) > -1000 RETURN count(n) AS c",
        "MATCH (n) WHERE n.x IS NOT NULL AND 1 / (n.x - $hx) > -1000 RETURN count(n) AS c",
        "MATCH (a)-->(b) WHERE 1 / (b.x - $hx) > -1000 RETURN count(*) AS c",
        "MATCH (a) WHERE EXISTS { (a)-->(b) WHERE 1 / (b.x - $hx) > -1000 } RETURN count(*) AS c")) {
      for (Neo4jAnalystQueries g : List.of(perNode, bySet)) {
        QueryResult answer =
            g.run(AnalystFixture.ANALYST, q, Map.of("hx", hiddenX), 10, TIMEOUT).block();
        assertThat(answer.rows())
            .isEqualTo(AnalystFixture.raw(copy, q, Map.of("hx", hiddenX)).rows());
      }
    }
  }

  @Nested
  @DisplayName("differential oracle")
  class Oracle {
    @Test
    @DisplayName(
        "200 generated read queries (per-node checks, by visible set, without the scope cache): guarded"
            + " answer on the graph == raw answer on the isolated copy")
    void generated() {
      Random rnd = new Random(7);
      int differsFromFull = 0;
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String q = QueryGenerator.next(rnd);
        try {
          QueryResult answer = List.of(perNode, bySet, uncached)
              .get(i % 3)
              .run(AnalystFixture.ANALYST, q, Map.of(), 10_000, TIMEOUT)
              .block();
          QueryResult expected = AnalystFixture.raw(copy, q, Map.of());
          if (!normalized(answer, q).equals(normalized(expected, q))) {
            failures.add(q + "\n   guarded: " + normalized(answer, q) + "\n   copy:    "
                + normalized(expected, q));
          }
          if (!normalized(AnalystFixture.raw(db, q, Map.of()), q).equals(normalized(expected, q))) {
            differsFromFull++;
          }
        } catch (RuntimeException e) {
          failures.add(q + " → " + e + " / " + e.getCause());
        }
      }
      assertThat(failures).isEmpty();
      assertThat(differsFromFull)
          .as("queries whose unguarded answer would leak")
          .isGreaterThan(60);
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
      // collect(), pattern comprehensions and labels() list in storage order, which differs between
      // databases
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

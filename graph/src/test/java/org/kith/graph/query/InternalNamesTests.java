package org.kith.graph.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kith.core.ProblemKind;
import org.kith.core.Rejected;
import org.kith.core.query.QueryResult;
import org.kith.graph.TestGraph;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;

/**
 * Internal ids and Kith's own properties never reach an analyst: {@code id()}/{@code elementId()} are refused in
 * every spelling and position, and no {@code _}-property comes back by name, by {@code keys()}, by a computed
 * lookup, as a whole map or with a returned node — on the analyst's own profile object, which the guard shows.
 */
@DisplayName("analyst queries: internal ids and Kith's own properties")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InternalNamesTests {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private GraphConnection db;
  private Neo4jAnalystQueries guard;

  @BeforeAll
  void fixture() {
    db = GraphConnection.open(GraphSettings.embedded(TestGraph.newDataDir()));
    AnalystFixture.build(db, 42);
    // the analyst's own object, with the properties Kith's stores write next to the owner's data
    db.cypher()
        .write(
            "MATCH (u:User {u_id: $u}) CREATE (u)-[:IS_OWNER {p_id: 'qa-own', cascade: false,"
                + " _since: 1}]->(:ProfileObject:us_note {n_id: 'qa-internal', name: 'mine', _json: '{\"name\":\"mine\"}',"
                + " _schema: 'us_note', _labels: ['us_note'], _doc_passport: 'doc-id'})",
            Map.of("u", AnalystFixture.ANALYST))
        .block();
    guard = new Neo4jAnalystQueries(db);
  }

  @AfterAll
  void close() {
    db.close();
  }

  private QueryResult run(String query, Map<String, Object> params) {
    return guard.run(AnalystFixture.ANALYST, query, params, 100, TIMEOUT).block();
  }

  private void refused(String query, String reason) {
    assertThatThrownBy(() -> run(query, Map.of("k", "_json")))
        .as(query)
        .isInstanceOfSatisfying(Rejected.class, e -> {
          assertThat(e.kind()).isEqualTo(ProblemKind.VALIDATION);
          assertThat(e.getMessage()).contains(reason);
        });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "MATCH (n) WHERE id(n) = 0 RETURN n.n_id",
        "MATCH (n) RETURN ID(n)",
        "MATCH (n) RETURN elementid(n)",
        "MATCH (n) RETURN `elementId`(n)",
        "MATCH ()-[r]->() RETURN id(r)",
        "MATCH ()-[r]->() RETURN elementId(startNode(r))",
        "MATCH ()-[r]->() RETURN id(endNode(r))",
        "MATCH (n) RETURN [x IN [n] | id(x)]",
        "MATCH (n) RETURN n.n_id ORDER BY id(n) DESC",
        "MATCH (n) WITH n WHERE any(x IN [0] WHERE elementId(n) > toString(x)) RETURN count(n)",
        "MATCH (a:ProfileObject) RETURN [(a)-->(b) | id(b)]",
        "MATCH (n) WHERE id(n) IN range(0, 100000) RETURN count(n)",
        "MATCH (n) RETURN count { MATCH (m) WHERE id(m) < id(n) } AS writesBefore"
      })
  @DisplayName(
      "id() and elementId() are refused in every spelling and position, naming the public id to use")
  void internalIds(String query) {
    refused(query, "n.n_id");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "MATCH (n:us_note) RETURN n._json",
        "MATCH (n:us_note) WHERE n._schema = 'us_note' RETURN 1",
        "MATCH (n:us_note) RETURN n {._doc_passport}",
        "MATCH (n:us_note {_schema: 'us_note'}) RETURN n.n_id",
        "MATCH (n:us_note) RETURN n['_json']",
        "MATCH ()-[r {_since: 1}]->() RETURN count(r)",
        "MATCH (n:us_note) RETURN n._labels ORDER BY n._json",
        "RETURN {_json: 1} AS m"
      })
  @DisplayName("naming a property that starts with _ is refused")
  void internalNames(String query) {
    refused(query, "starting with _");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "MATCH (n:us_note) RETURN properties(n)",
        "MATCH ()-[r]->(:us_note) RETURN properties(r)",
        "MATCH (n:us_note) RETURN n {.*}",
        "MATCH (n:us_note) WITH PROPERTIES(n) AS p RETURN p.name",
        "MATCH (n:us_note) RETURN n {.name, .*}"
      })
  @DisplayName(
      "properties() and n {.*}, which would carry Kith's own properties, are refused with what to write")
  void wholeMaps(String query) {
    refused(query, "list the properties you want");
  }

  @Test
  @DisplayName("keys(), computed lookups and returned entities leave Kith's own properties out")
  @SuppressWarnings("unchecked")
  void filtered() {
    assertThat((List<Object>)
            run("MATCH (n:us_note) RETURN keys(n) AS k", Map.of()).rows().get(0).get(0))
        .containsExactlyInAnyOrder("n_id", "name");
    assertThat(run("MATCH (n:us_note) UNWIND keys(n) AS k RETURN count(k) AS c", Map.of())
            .rows())
        .containsExactly(List.of(2L));
    assertThat(run(
                "MATCH (n:us_note) RETURN size(keys(n)) AS c, '_json' IN keys(n) AS leaks",
                Map.of())
            .rows())
        .containsExactly(List.of(2L, false));
    assertThat((List<Object>) run("MATCH ()-[r]->(:us_note) RETURN keys(r) AS k", Map.of())
            .rows()
            .get(0)
            .get(0))
        .containsExactlyInAnyOrder("p_id", "cascade");
    assertThat(run(
                "MATCH p = (:User)-->(:us_note) RETURN [x IN nodes(p) | size(keys(x))] AS sizes",
                Map.of())
            .rows())
        .hasSize(1);
    // a key computed at run time finds nothing of Kith's; a number still indexes a list
    assertThat(run(
                "MATCH (n:us_note) UNWIND ['_json', '_schema', '_doc_passport', 'name'] AS k"
                    + " RETURN k, n[k] AS v ORDER BY k",
                Map.of())
            .rows())
        .containsExactly(
            Arrays.asList("_doc_passport", null),
            Arrays.asList("_json", null),
            Arrays.asList("_schema", null),
            List.of("name", "mine"));
    assertThat(run(
                "MATCH (n:us_note) RETURN n[$k] AS v, n['na' + 'me'] AS w, [10, 20][$i] AS x",
                Map.of("k", "_json", "i", 1L))
            .rows())
        .containsExactly(Arrays.asList(null, "mine", 20L));
    // the node and relationship themselves come without them, also nested in lists and maps
    QueryResult whole =
        run("MATCH (u:User)-[r]->(n:us_note) RETURN n, r, {node: n, all: [n, r]} AS m", Map.of());
    assertThat(whole.rows()).hasSize(1);
    assertThat(whole.rows().get(0).toString())
        .contains("mine")
        .doesNotContain("_json")
        .doesNotContain("_schema")
        .doesNotContain("_labels")
        .doesNotContain("_doc")
        .doesNotContain("doc-id")
        .doesNotContain("_since");
    assertThat((Map<String, Object>)
            ((Map<String, Object>) whole.rows().get(0).get(0)).get("properties"))
        .containsOnlyKeys("n_id", "name");
  }
}

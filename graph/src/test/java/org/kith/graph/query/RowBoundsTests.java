package org.kith.graph.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
 * What one row of an analyst query may build is bounded before it runs ({@link RowBounds}): a row the database
 * could not stop midway is refused with a 400, everything accepted ends within the query's time limit.
 */
@DisplayName("analyst queries: what one row may build")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowBoundsTests {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private GraphConnection db;
  private Neo4jAnalystQueries guard;

  @BeforeAll
  void fixture() {
    db = GraphConnection.open(GraphSettings.embedded(TestGraph.newDataDir()));
    AnalystFixture.build(db, 42);
    guard = new Neo4jAnalystQueries(db);
  }

  @AfterAll
  void close() {
    db.close();
  }

  private QueryResult run(String query, Map<String, Object> params, int limit, Duration timeout) {
    return guard.run(AnalystFixture.ANALYST, query, params, limit, timeout).block();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "RETURN [x IN range(1, 1000000) | range(1, 1000000)] AS m",
        "RETURN size([x IN range(1, 1000000) | range(1, 1000000)]) AS n",
        "UNWIND range(1, 1000000) AS a RETURN size([x IN range(1, 1000000) | range(1, 1000000)]) AS n",
        "UNWIND range(1, 1000000) AS a RETURN [b IN range(1, 1000000) | b] AS m",
        "UNWIND range(1, 1000000) AS a WITH a, size([b IN range(1, 1000000) | b]) AS n RETURN count(*) AS c",
        "UNWIND range(1, 1000000) AS i UNWIND range(1, 1000) AS j RETURN count(*) AS c",
        "RETURN [x IN range(1, 1000) | range(1, 100000)] AS m",
        "WITH range(1, 1000000) AS a RETURN [x IN a | a + [x]] AS m",
        "WITH range(1, 100000) AS a RETURN [x IN a | range(1, size(a))] AS m",
        "RETURN [x IN $list | range(1, x)] AS m",
        "MATCH (n:ProfileObject) WITH collect(range(1, 1000)) AS lists RETURN [l IN lists | l + l] AS m",
        "UNWIND [x IN range(1, 1000000) | range(1, 1000000)] AS y RETURN count(y)",
        "RETURN any(x IN range(1, 1000000) WHERE size(range(1, x)) > 5) AS b",
        "RETURN replace($s, '', $s) AS s",
        "WITH 'ab' AS s RETURN [x IN range(1, 1000000) | s + s + s + s + s + s + s + s + s + s + s] AS m",
        "MATCH (n) RETURN [x IN range(1, 1000) | [(n)-->(m) | m.x]] AS m",
        "MATCH (n) WITH n, range(1, 20000000) AS r RETURN count(*) AS c"
      })
  @DisplayName(
      "a row that could build more than 10,000,000 values is refused with a 400 saying why, before it runs")
  void refused(String query) {
    assertThatThrownBy(() -> run(query, Map.of("list", List.of(1L), "s", "x"), 10, TIMEOUT))
        .as(query)
        .isInstanceOfSatisfying(Rejected.class, e -> {
          assertThat(e.kind()).isEqualTo(ProblemKind.VALIDATION);
          assertThat(e.getMessage())
              .containsAnyOf("one row of this query could build up to", "each row a MATCH reads")
              .containsAnyOf("10,000,000 allowed", "100,000 allowed");
        });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "MATCH (a), (b), (c) WITH a, size([x IN range(1, 1000000) | x]) AS n RETURN count(*) AS c",
        "MATCH (a) RETURN [x IN range(1, 1000) | range(1, 1000)] AS m",
        "MATCH (a:ProfileObject) RETURN [t IN a.tags | range(1, 2)] + range(1, 200000) AS m",
        "UNWIND range(1, 10) AS i MATCH (a) RETURN size([x IN range(1, 20000) | x]) AS n",
        "MATCH (a) WITH collect(a.x) AS xs MATCH (b) RETURN size(range(1, 500000)) AS n"
      })
  @DisplayName(
      "after a MATCH, a row that could build more than 100,000 values besides the data it reads is refused:"
          + " the database checks its time limit only every so many rows read")
  void refusedPerGraphRow(String query) {
    assertThatThrownBy(() -> run(query, Map.of(), 10, TIMEOUT))
        .as(query)
        .isInstanceOfSatisfying(Rejected.class, e -> {
          assertThat(e.kind()).isEqualTo(ProblemKind.VALIDATION);
          assertThat(e.getMessage())
              .contains("each row a MATCH reads could build up to")
              .contains("100,000");
        });
  }

  @Test
  @DisplayName("ranges, comprehensions, collect() and concatenation within the bound still run")
  void accepted() {
    assertThat(run(
                "RETURN size([x IN range(1, 1000000) | x * 2 + 1]) AS n, size(range(1, 1000000)) AS r,"
                    + " [x IN range(1, 1000) | range(1, 5)][999] AS last",
                Map.of(),
                10,
                TIMEOUT)
            .rows())
        .containsExactly(List.of(1_000_000L, 1_000_000L, List.of(1L, 2L, 3L, 4L, 5L)));
    assertThat(run(
                "UNWIND range(1, 3) AS i RETURN [x IN range(1, 1000) | x * i][999] AS last",
                Map.of(),
                10,
                TIMEOUT)
            .rows())
        .containsExactly(List.of(1000L), List.of(2000L), List.of(3000L));
    assertThat(run(
                "MATCH (n:ProfileObject) WITH collect(range(1, 3)) AS ls RETURN size([l IN ls | size(l)]) AS s,"
                    + " size(ls) AS n",
                Map.of(),
                10,
                TIMEOUT)
            .rows()
            .get(0))
        .satisfies(row -> assertThat(row.get(0)).isEqualTo(row.get(1)).isNotEqualTo(0L));
    assertThat(run(
                "RETURN [x IN $ids WHERE x IN $other | x + 1] AS both, any(t IN $ids WHERE t > 2) AS big",
                Map.of("ids", List.of(1L, 2L, 3L), "other", List.of(2L, 3L)),
                10,
                TIMEOUT)
            .rows())
        .containsExactly(List.of(List.of(3L, 4L), true));
    assertThat(run(
                "MATCH (a:ProfileObject) WITH a, [x IN range(1, 1000) | x * 2] AS doubled"
                    + " RETURN size([t IN a.tags WHERE t IN ['t1', 't2'] | toUpper(t)]) + size(doubled) AS n LIMIT 1",
                Map.of(),
                10,
                TIMEOUT)
            .rows())
        .hasSize(1);
    QueryResult objects = run(
        "MATCH (a:ProfileObject) WHERE a.x + 1 > 50 AND 't1' IN a.tags"
            + " RETURN a.name + ' / ' + toString(a.x) AS label, [(a)-->(b) | b.name + '!'] AS out,"
            + " [t IN a.tags | toUpper(t)] AS tags ORDER BY label LIMIT 3",
        Map.of(),
        10,
        TIMEOUT);
    assertThat(objects.rows()).isNotEmpty();
  }

  @Test
  @DisplayName(
      "rows read from the graph may each build up to the bound: the time limit, checked as they are read,"
          + " ends a query of many")
  void graphRowsEndInTime() {
    assertThatThrownBy(() -> run(
            "MATCH (a), (b), (c) WITH a, size([x IN range(1, 30000) | x]) AS n"
                + " RETURN count(*) AS c",
            Map.of(),
            1,
            Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            Rejected.class, e -> assertThat(e.kind()).isEqualTo(ProblemKind.UNPROCESSABLE));
  }
}

package org.kith.graph.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("cypher guard rewriting")
class CypherGuardTests {
  private static final String V = " WHERE elementId(%s) IN $__vis";

  private static final java.util.regex.Pattern TEMPLATE = java.util.regex.Pattern.compile(
      java.util.regex.Pattern.quote(String.format(CypherGuard.VISIBLE_TEMPLATE, "VAR"))
          .replace("VAR", "\\E(\\w+)\\Q"));

  private static final String FORCED_LIMIT = " LIMIT $" + CypherGuard.LIMIT;

  /**
   * The guard's rendering with each visibility check written as {@code elementId(x) IN $__vis}, and without the
   * forced LIMIT at the end (see {@link #forcedLimit}), for reading.
   */
  private static String rewrite(String query) {
    String rendered = CypherGuard.rewrite(query);
    if (rendered.endsWith(FORCED_LIMIT)) {
      rendered = rendered.substring(0, rendered.length() - FORCED_LIMIT.length());
    }
    java.util.regex.Matcher m = TEMPLATE.matcher(rendered);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      if (!m.group(0).equals(String.format(CypherGuard.VISIBLE_TEMPLATE, m.group(1)))) {
        throw new AssertionError("inconsistent visibility check: " + m.group(0));
      }
      m.appendReplacement(
          out, java.util.regex.Matcher.quoteReplacement("elementId(" + m.group(1) + ") IN $__vis"));
    }
    return m.appendTail(out).toString();
  }

  private static String vis(String variable) {
    return String.format(V, variable);
  }

  @Test
  @DisplayName("every node pattern, named or anonymous, is required visible where it is bound")
  void nodes() {
    assertThat(rewrite("MATCH (a:User)-[r]->(:Group) RETURN a, r"))
        .isEqualTo(
            "CYPHER 5 MATCH"
                + " (a:`User`)-[r]->(__k0:`Group`) WHERE (elementId(a) IN $__vis AND elementId(__k0) IN $__vis) RETURN a, r");
    assertThat(rewrite("OPTIONAL MATCH (n) WHERE n.x = 1 RETURN n"))
        .isEqualTo(
            "CYPHER 5 OPTIONAL MATCH (n) WHERE (elementId(n) IN $__vis AND n.x = 1) RETURN n");
  }

  @Test
  @DisplayName(
      "nodes inside subqueries, comprehensions, quantified paths and pattern predicates are covered")
  void nested() {
    assertThat(rewrite("MATCH (a) WHERE (a)-->(:X) RETURN [(a)<--(b) | b.x] AS xs,"
            + " COUNT { (a)--() } AS d"))
        .isEqualTo(
            "CYPHER 5 MATCH (a) WHERE CASE WHEN elementId(a) IN $__vis THEN EXISTS { (a)-->(__k0:`X`) WHERE"
                + " (elementId(a) IN $__vis AND elementId(__k0) IN $__vis) } ELSE false END RETURN [(a)<--(b) WHERE (elementId(a) IN"
                + " $__vis AND elementId(b) IN $__vis) | b.x] AS xs, COUNT { (a)--(__k1) WHERE (elementId(a) IN $__vis"
                + " AND elementId(__k1) IN $__vis) } AS d");
    assertThat(rewrite("MATCH p = (a) (()-->()){1,3} (b) RETURN p"))
        .contains(
            "((__k0)-->(__k1) WHERE (elementId(__k0) IN $__vis AND elementId(__k1) IN $__vis)){1,3}")
        .contains("WHERE (elementId(a) IN $__vis AND elementId(b) IN $__vis)");
  }

  @Test
  @DisplayName(
      "conditions that could fail on data run only on visible nodes; plain comparisons stay indexable")
  void guardedConditions() {
    assertThat(rewrite("MATCH (n:X) WHERE n.k = $k AND 1 / n.x > 0 RETURN n"))
        .isEqualTo(
            "CYPHER 5 MATCH (n:`X`)"
                + " WHERE (CASE WHEN elementId(n) IN $__vis THEN (1 / n.x) > 0 ELSE false END AND n.k = $k) RETURN n");
    assertThat(rewrite("MATCH (n:X WHERE toInteger(n.s) > 3) RETURN n"))
        .isEqualTo(
            "CYPHER 5 MATCH (n:`X`)"
                + " WHERE CASE WHEN elementId(n) IN $__vis THEN toInteger(n.s) > 3 ELSE false END RETURN n");
    assertThat(rewrite("MATCH (n:X WHERE n.s STARTS WITH 'a' OR n.t IN [1, 2]) RETURN n"))
        .contains("(n:`X` WHERE (n.s STARTS WITH 'a' OR n.t IN [1, 2]))");
    assertThatThrownBy(() -> rewrite("MATCH (a)-[r WHERE 1 / r.w > 0]->(b) RETURN a"))
        .isInstanceOf(QueryRejected.class)
        .hasMessageContaining("relationship predicate");
    assertThatThrownBy(() -> rewrite("MATCH (a), (b {x: 1 / a.y}) RETURN a"))
        .isInstanceOf(QueryRejected.class)
        .hasMessageContaining("property maps");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "MATCH (a) WITH count(a) AS n MATCH (a) RETURN a",
        "MATCH (a) WITH a AS b MATCH (a) RETURN a",
        "MATCH (a) WITH 1 AS x MATCH (a) RETURN a",
        "MATCH (a) CALL () { MATCH (a) RETURN a AS c } RETURN c"
      })
  @DisplayName(
      "a variable bound again after WITH dropped it is required visible again (cypher-dsl's scope is not)")
  void rebound(String query) {
    String rendered = rewrite(query);
    assertThat(rendered.split("elementId\\(a\\) IN \\$__vis", -1)).hasSize(3);
  }

  @Test
  @DisplayName("a pattern whose details cypher-dsl would drop on rendering is refused, not changed")
  void unfaithful() {
    assertThatThrownBy(() -> rewrite("MATCH (a) WITH a AS b MATCH (a:User) RETURN a"))
        .isInstanceOf(QueryRejected.class)
        .hasMessageContaining("re-render");
  }

  @Test
  @DisplayName("a lone negated label keeps its meaning (cypher-dsl would render :!A as :A)")
  void negatedLabel() {
    assertThat(rewrite("MATCH (a:!ss_B) RETURN a"))
        .isEqualTo("CYPHER 5 MATCH (a) WHERE (elementId(a) IN $__vis AND NOT (a:`ss_B`)) RETURN a");
    assertThat(rewrite("MATCH (a:ss_A&!ss_B) RETURN a")).contains("(a:`ss_A`&!`ss_B`");
    assertThatThrownBy(() -> rewrite("MATCH (a)-[r:!LINKS]->(b) RETURN a"))
        .isInstanceOf(QueryRejected.class)
        .hasMessageContaining("negated relationship type");
  }

  @Test
  @DisplayName(
      "only the statement is rendered; trailing statements are refused, one trailing semicolon is fine")
  void oneStatement() {
    assertThat(rewrite("MATCH (n) RETURN n;"))
        .isEqualTo("CYPHER 5 MATCH (n)" + vis("n") + " RETURN n");
    assertThatThrownBy(() -> rewrite("MATCH (n) RETURN n; MATCH (m) DELETE m"))
        .isInstanceOf(QueryRejected.class);
  }

  @Test
  @DisplayName(
      "a single query's final RETURN gets LIMIT $__limit unless it has a LIMIT; UNIONs and inner RETURNs"
          + " are left alone")
  void forcedLimit() {
    for (String query : List.of(
        "MATCH (n) RETURN n",
        "MATCH (n) RETURN n ORDER BY n.x DESC",
        "MATCH (n) RETURN DISTINCT n.x AS x SKIP 5",
        "MATCH (n) RETURN count(*) AS c",
        "MATCH (n) CALL (n) { MATCH (n)-->(m) RETURN m LIMIT 3 } RETURN n, m",
        "MATCH (n) WITH n LIMIT 5 RETURN n",
        "RETURN 1 AS one",
        "MATCH (n) RETURN n, COLLECT { MATCH (n)-->(m) RETURN m.x } AS xs",
        "CALL () { MATCH (n) RETURN n UNION MATCH (n) RETURN n } RETURN n")) {
      assertThat(CypherGuard.rewrite(query)).as(query).endsWith(FORCED_LIMIT);
      assertThat(CypherGuard.rewrite(query, CypherGuard.Check.BY_SET))
          .as(query)
          .endsWith(FORCED_LIMIT);
    }
    for (String query : List.of(
        "MATCH (n) RETURN n LIMIT 10",
        "MATCH (n) RETURN n ORDER BY n.x SKIP 1 LIMIT $k",
        "MATCH (n) RETURN n UNION MATCH (n) RETURN n",
        "MATCH (n) RETURN n.x AS x UNION ALL RETURN 1 AS x",
        "MATCH (n) CALL (n) { MATCH (n)-->(m) RETURN m } FINISH",
        "MATCH (n) WITH n RETURN n SKIP 2 LIMIT 3")) {
      assertThat(CypherGuard.rewrite(query)).as(query).doesNotContain(FORCED_LIMIT);
    }
  }

  @Test
  @DisplayName("plan operator names are compared without their runtime suffix and variant")
  void operators() {
    assertThat(PlanOperators.baseName("Expand(All)@neo4j")).isEqualTo("Expand");
    assertThat(PlanOperators.baseName("ProduceResults@neo4j")).isEqualTo("ProduceResults");
    assertThat(PlanOperators.ALLOWED)
        .doesNotContain(
            "LoadCSV",
            "ProcedureCall",
            "TransactionApply",
            "Create",
            "SetProperty",
            "DeleteNode",
            "Merge",
            "Foreach");
  }
}

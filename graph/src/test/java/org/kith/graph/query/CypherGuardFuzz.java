package org.kith.graph.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.neo4j.cypherdsl.core.Foreach;
import org.neo4j.cypherdsl.core.ProcedureCall;
import org.neo4j.cypherdsl.core.Statement;
import org.neo4j.cypherdsl.core.UpdatingClause;
import org.neo4j.cypherdsl.core.Use;
import org.neo4j.cypherdsl.parser.CypherParser;

/**
 * The analyst Cypher guard, seeded with the adversarial corpus of the guard's tests. Property: a query is either
 * refused with {@link QueryRejected} (nothing else escapes) or rewritten into a statement that an independent
 * parse (cypher-dsl's own AST, not the guard's) shows to be a plain read — no updating clause, procedure call,
 * FOREACH, USE or LOAD CSV — that refers to the visibility parameters.
 */
class CypherGuardFuzz {
  @FuzzTest(maxDuration = "45s")
  void rewrite(byte[] input) {
    String query = new String(input, StandardCharsets.UTF_8);
    if (query.length() > 10_000) {
      return; // the endpoint refuses longer queries before the guard sees them
    }
    for (CypherGuard.Check check : CypherGuard.Check.values()) {
      String rendered;
      try {
        rendered = CypherGuard.rewrite(query, check);
      } catch (QueryRejected rejected) {
        continue;
      }
      String statement =
          rendered.startsWith("CYPHER 5 ") ? rendered.substring("CYPHER 5 ".length()) : rendered;
      Statement parsed = CypherParser.parse(statement);
      List<String> forbidden = new ArrayList<>();
      boolean[] nodePattern = {false};
      parsed.accept(segment -> {
        if (segment instanceof org.neo4j.cypherdsl.core.Node) {
          nodePattern[0] = true;
        }
        if (segment instanceof UpdatingClause
            || segment instanceof ProcedureCall
            || segment instanceof Foreach
            || segment instanceof Use
            || segment.getClass().getSimpleName().contains("LoadCSV")) {
          forbidden.add(segment.getClass().getSimpleName());
        }
      });
      assertThat(forbidden).as("clauses in %s (from %s)", rendered, query).isEmpty();
      // every node pattern carries the visibility predicate (the word MATCH may be part of a name:
      // iMATCH)
      if (nodePattern[0]) {
        assertThat(rendered)
            .as("rendered from %s", query)
            .contains("$"
                + (check == CypherGuard.Check.PER_NODE
                    ? CypherGuard.SUBJECTS
                    : CypherGuard.VISIBLE));
      }
    }
  }
}

package org.kith.graph.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.neo4j.driver.Value;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.reactivestreams.ReactiveTransaction;
import org.neo4j.driver.summary.QueryType;
import org.neo4j.driver.summary.ResultSummary;
import reactor.core.publisher.Mono;

/**
 * EXPLAIN's verdicts on rewritten analyst queries: the plan must be read-only and use only allowed operators; what
 * passed is kept by query text (at most 2,000), so a text needs one EXPLAIN. Thread-safe.
 */
final class PlanVerdicts {
  /** What EXPLAIN said about a rewritten query that passed the plan check. */
  record Verdict(List<String> columns, double candidates) {}

  /** Verdicts by query text: a text that passed once needs no second EXPLAIN. */
  private final Cache<String, Verdict> verdicts =
      Caffeine.newBuilder().maximumSize(2_000).build();

  private final Set<String> procedures;

  PlanVerdicts(Set<String> procedures) {
    this.procedures = Set.copyOf(procedures);
  }

  /** The verdict already given on this text, if any. */
  @Nullable
  Verdict known(String rewritten) {
    return verdicts.getIfPresent(rewritten);
  }

  /** EXPLAIN's verdict on a rewritten query: read-only, allowed operators, its columns and expected rows. */
  Mono<Verdict> of(ReactiveTransaction tx, String rewritten, Map<String, Object> params) {
    Verdict known = verdicts.getIfPresent(rewritten);
    if (known != null) {
      return Mono.just(known);
    }
    return Mono.from(tx.run("EXPLAIN " + rewritten, params))
        .flatMap(explained -> Mono.from(explained.consume()).map(summary -> {
          checkPlan(summary, procedures);
          if (explained.keys().stream().anyMatch(key -> key.startsWith(CypherGuard.RESERVED))) {
            // RETURN * over a pattern with unnamed nodes: the names the guard gave them would
            // become columns
            throw new QueryRejected(
                "RETURN * would return the pattern's unnamed nodes; name them, or list the"
                    + " columns to return");
          }
          Verdict v =
              new Verdict(explained.keys(), summary.hasPlan() ? leafRows(summary.plan()) : 0);
          verdicts.put(rewritten, v);
          return v;
        }))
        .onErrorMap(Neo4jException.class, AnalystErrors.CompileError::new);
  }

  /** The rows the plan expects its scans and seeks to produce: how many candidates the query looks at. */
  private static double leafRows(org.neo4j.driver.summary.Plan plan) {
    if (plan.children().isEmpty()) {
      Value rows = plan.arguments().get("EstimatedRows");
      return rows == null || rows.isNull() ? 0 : rows.asDouble();
    }
    double sum = 0;
    for (var child : plan.children()) {
      sum += leafRows(child);
    }
    return sum;
  }

  /** EXPLAIN's summary must show a read-only query whose plan uses only {@link PlanOperators allowed operators}. */
  static void checkPlan(ResultSummary summary, Set<String> procedures) {
    if (summary.queryType() != QueryType.READ_ONLY) {
      throw new QueryRejected("the query is not read-only");
    }
    if (summary.hasPlan()) {
      PlanOperators.requireAllowed(summary.plan(), procedures);
    }
  }
}

package org.kith.graph.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.reactivestreams.ReactiveResult;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The post-check of an analyst query's result: every node, relationship and path it holds must be visible to the
 * caller, or the request fails as a guard defect; visible ones come back by their public ids. Stateless.
 */
final class ResultCheck {
  /** Post-check: whether each returned node is visible, and its public id. */
  static final String CHECK = "UNWIND $ids AS id MATCH (n) WHERE id(n) = id"
      + " RETURN id, " + String.format(CypherGuard.VISIBLE_TEMPLATE, "n") + " AS visible,"
      + " coalesce(n.n_id, n.u_id, n.g_id) AS public_id";

  /** Public ids of nodes already known to be visible. */
  static final String PUBLIC_IDS = "UNWIND $ids AS id MATCH (n) WHERE id(n) = id"
      + " RETURN id, coalesce(n.n_id, n.u_id, n.g_id) AS public_id";

  /** Runs a statement where the query runs: in its transaction, or in its session with its time limit. */
  interface Runner {
    org.reactivestreams.Publisher<ReactiveResult> run(String statement, Map<String, Object> params);
  }

  private ResultCheck() {}

  /**
   * Checks every entity of the result against the caller's visibility, then maps the rows: in memory against
   * the visible set when the scope has it (public ids from the returned nodes themselves, and from one small
   * query for relationship ends that came without their node), otherwise with {@link #CHECK} in this
   * transaction.
   */
  static Mono<List<List<Object>>> checked(
      Runner tx,
      List<Record> records,
      List<String> columns,
      List<Long> subjects,
      List<Long> cascaded,
      @Nullable Set<Long> visibleSet) {
    java.util.Set<Long> ids = new java.util.HashSet<>();
    Map<Long, String> known = new HashMap<>();
    for (Record record : records) {
      for (Value value : record.values()) {
        ResultValues.collectNodeIds(value, ids, known);
      }
    }
    if (ids.isEmpty()) {
      ResultMapper mapper = new ResultMapper(Map.of());
      return Mono.fromCallable(
          () -> records.stream().map(r -> mapper.row(r, columns)).toList());
    }
    if (visibleSet != null) {
      Map<Long, String> visible = new HashMap<>();
      List<Long> unnamed = new ArrayList<>();
      for (Long id : ids) {
        if (visibleSet.contains(id)) {
          if (known.containsKey(id)) {
            visible.put(id, known.get(id));
          } else {
            unnamed.add(id);
          }
        }
      }
      Mono<Map<Long, String>> named = unnamed.isEmpty()
          ? Mono.just(visible)
          : Mono.from(tx.run(PUBLIC_IDS, Map.of("ids", unnamed)))
              .flatMapMany(result -> Flux.from(result.records()))
              .doOnNext(row ->
                  visible.put(row.get("id").asLong(), row.get("public_id").asString("")))
              .then(Mono.just(visible));
      return named.map(v -> {
        ResultMapper mapper = new ResultMapper(v);
        return records.stream().map(r -> mapper.row(r, columns)).toList();
      });
    }
    Map<String, Object> check = new HashMap<>();
    check.put(CypherGuard.SUBJECTS, subjects);
    check.put(CypherGuard.CASCADED, cascaded);
    check.put("ids", List.copyOf(ids));
    return Mono.from(tx.run(CHECK, check))
        .flatMapMany(result -> Flux.from(result.records()))
        .collectList()
        .map(rows -> {
          Map<Long, String> visible = new HashMap<>();
          for (Record row : rows) {
            if (row.get("visible").asBoolean()) {
              visible.put(row.get("id").asLong(), row.get("public_id").asString(""));
            }
          }
          ResultMapper mapper = new ResultMapper(visible);
          return records.stream().map(r -> mapper.row(r, columns)).toList();
        });
  }
}

package org.kith.graph.profile;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Value;
import org.neo4j.driver.async.AsyncTransactionContext;

/**
 * {@link Neo4jProfileObjectStore}'s permission-checked reads, run inside another store's transaction (so that a read
 * and what it depends on, or its audit, commit together): the same queries, the same answers.
 */
public final class ObjectReads {
  private ObjectReads() {}

  /** {@link ProfileObjectStore#sharedBy} in {@code tx}. */
  public static CompletionStage<List<ProfileObject>> sharedBy(
      AsyncTransactionContext tx, String iId, String sharerUId, Instant now) {
    Map<String, Object> p = new HashMap<>();
    p.put("i_id", iId);
    p.put("u_id", sharerUId);
    p.put("now", Times.toGraph(now));
    return tx.runAsync(PermissionQueries.SHARED_BY, p)
        .thenCompose(c -> c.listAsync(r -> Neo4jProfileObjectStore.map(r.get("n"))));
  }

  /** {@link ProfileObjectStore#visible}'s objects in {@code tx}, the plan chosen as it chooses it. */
  public static CompletionStage<List<ProfileObject>> visible(
      AsyncTransactionContext tx, @Nullable String uId, ProfileObjectStore.VisibleQuery q) {
    Map<String, Object> stats = new HashMap<>();
    stats.put("u_id", uId);
    return tx.runAsync(PermissionQueries.PAGE_STATS, stats)
        .thenCompose(c -> c.listAsync())
        .thenCompose(rows -> {
          if (rows.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(List.<ProfileObject>of());
          }
          org.neo4j.driver.Record r = rows.get(0);
          List<String> groups = byIndex(r.get("grants").asLong(), r.get("total").asLong())
              ? r.get("g_ids").asList(Value::asString)
              : null;
          Map<String, Object> p = visibleParams(uId, q);
          if (groups != null) {
            p.put("g_ids", groups);
          }
          return tx.runAsync(
                  groups != null ? PermissionQueries.VISIBLE_BY_INDEX : PermissionQueries.VISIBLE,
                  p)
              .thenCompose(c -> c.listAsync(row -> Neo4jProfileObjectStore.map(row.get("n"))));
        });
  }

  /** Whether to walk the n_id index ({@link PermissionQueries#VISIBLE_BY_INDEX}) for a caller with these grants. */
  static boolean byIndex(long grants, long total) {
    return grants >= PermissionQueries.INDEX_STRATEGY_MIN_GRANTS
        && grants * PermissionQueries.INDEX_STRATEGY_MAX_SPARSENESS >= total;
  }

  /** The parameters of {@link PermissionQueries#VISIBLE} for a query. */
  static Map<String, Object> visibleParams(
      @Nullable String uId, ProfileObjectStore.VisibleQuery q) {
    Map<String, Object> p = new HashMap<>();
    p.put("u_id", uId);
    p.put("ids", q.nIds());
    p.put("labels", q.labels());
    p.put("perms", q.permissions().stream().map(Enum::name).toList());
    p.put("cursor", q.cursor());
    p.put("limit", q.limit());
    return p;
  }
}

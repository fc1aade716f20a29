package org.kith.graph.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.graph.neo4j.VisibilityVersion;
import org.kith.graph.profile.PermissionQueries;
import org.neo4j.driver.Value;
import org.neo4j.driver.reactivestreams.ReactiveTransaction;
import reactor.core.publisher.Mono;

/**
 * Callers' scopes for {@link Neo4jAnalystQueries}: what a caller acts as and sees, read in the query's own
 * transaction and, with the embedded database, cached per user until a visibility change for it is committed
 * ({@link VisibilityVersion}). Without a version nothing is cached. Thread-safe.
 */
final class Scopes {
  /** The caller's subjects (User node, groups, PUBLIC) and the objects it sees through cascading grants. */
  static final String SCOPE = PermissionQueries.SUBJECTS
      + " RETURN [s IN subjects | id(s)] AS subjects,"
      + " reduce(t = 0, s IN subjects | t + COUNT { (s)-[:" + PermissionQueries.GRANTS
      + "]->() }) AS grants,"
      + " COLLECT {"
      + "   UNWIND subjects AS s"
      + "   MATCH (s)-[g:" + PermissionQueries.GRANTS + "]->(a:ProfileObject) WHERE "
      + PermissionQueries.cascades("g")
      // only profile-object relationships leave a profile object, so this reaches what ACCESS's
      // path pattern
      // reaches; asking for distinct end nodes lets Neo4j search breadth-first instead of listing
      // every path
      + "   MATCH (a)-[*1.." + PermissionQueries.DEPTH + "]->(n:ProfileObject)"
      + "   RETURN DISTINCT id(n) } AS cascaded";

  /** The objects the caller's subjects hold a grant on, for {@link CypherGuard.Check#BY_SET}. */
  static final String DIRECT =
      "UNWIND $" + CypherGuard.SUBJECTS + " AS sid MATCH (s) WHERE id(s) = sid"
          + " MATCH (s)-[:" + PermissionQueries.GRANTS + "]->(a:ProfileObject)"
          + " RETURN collect(DISTINCT id(a)) AS direct";

  /** Upper bound of the node ids all cached scopes hold together (a few tens of MB). */
  static final long MAX_CACHED_IDS = 500_000;

  private final @Nullable VisibilityVersion visibility;
  /** Scopes by user; entries of older versions are ignored, then replaced or evicted. */
  private final Cache<String, Scope> scopes = Caffeine.newBuilder()
      .maximumWeight(MAX_CACHED_IDS)
      .weigher((String uId, Scope scope) -> scope.weight())
      .build();

  Scopes(@Nullable VisibilityVersion visibility) {
    this.visibility = visibility;
  }

  /** The caller's visibility version now; -1 without a version (nothing is cached then). */
  long version(String uId) {
    return visibility == null ? -1 : visibility.current(uId);
  }

  /** The caller's cached scope, or null (also when nothing is cached). */
  @Nullable
  Scope cached(String uId) {
    return visibility == null ? null : scopes.getIfPresent(uId);
  }

  /**
   * Reads the caller's scope in this transaction, tagged with the version taken just before (so a change
   * committed during the read makes the entry stale at once), and caches it.
   */
  Mono<Scope> read(ReactiveTransaction tx, String uId) {
    long version = version(uId);
    return Mono.from(tx.run(SCOPE, Map.of("u_id", uId)))
        .flatMap(result -> Mono.from(result.records()))
        .map(r -> {
          Scope scope = new Scope(
              version,
              r.get("subjects").asList(Value::asLong),
              r.get("cascaded").asList(Value::asLong),
              r.get("grants").asLong(),
              null);
          if (visibility != null) {
            scopes.put(uId, scope);
          }
          return scope;
        });
  }

  /** The scope with everything the caller sees: its subjects, cascaded objects and the objects granted to it. */
  Mono<Scope> withVisibleSet(ReactiveTransaction tx, String uId, Scope scope) {
    if (scope.visible != null) {
      return Mono.just(scope);
    }
    return Mono.from(tx.run(DIRECT, Map.of(CypherGuard.SUBJECTS, scope.subjects)))
        .flatMap(result -> Mono.from(result.records()))
        .map(direct -> {
          Set<Long> visible = new HashSet<>(scope.subjects);
          visible.addAll(scope.cascaded);
          visible.addAll(direct.get("direct").asList(Value::asLong));
          Scope full = new Scope(
              scope.version, scope.subjects, scope.cascaded, scope.grants, Set.copyOf(visible));
          if (visibility != null) {
            // replaced, not changed in place, so the cache weighs the entry again
            scopes.asMap().replace(uId, scope, full);
          }
          return full;
        });
  }

  /**
   * A caller's scope at a {@link VisibilityVersion}: its subjects, the objects it sees through cascading grants,
   * how many grants it holds, and (once read) its whole visible set (sent to queries as a list parameter, and
   * used for checks in memory).
   */
  record Scope(
      long version,
      List<Long> subjects,
      List<Long> cascaded,
      long grants,
      @Nullable Set<Long> visible) {
    int weight() {
      return 1 + subjects.size() + cascaded.size() + (visible == null ? 0 : visible.size());
    }

    @Override
    public boolean equals(Object other) {
      return this == other; // identity: the cache replaces an entry only if it is still this one
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }
}

package org.kith.graph.query;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.core.query.AnalystQueries;
import org.kith.core.query.GuardDefect;
import org.kith.core.query.QueryResult;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.Sessions;
import org.kith.graph.neo4j.VisibilityVersion;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.reactivestreams.ReactiveSession;
import org.neo4j.driver.reactivestreams.ReactiveTransaction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link AnalystQueries} on Neo4j. One read transaction, with the caller's timeout, holds every step, so the
 * visible set and the answer come from the same snapshot of permissions:
 * <ol>
 *   <li>{@link CypherGuard} parses and rewrites the query (or rejects it), cached by text ({@link Rewrites});</li>
 *   <li>the caller's scope is read ({@link Scopes}): its subjects (User node, groups, PUBLIC) and the profile
 *       objects it sees through cascading grants (usually few); the rewritten query checks each candidate node
 *       against them.
 *       With the embedded database the scope is cached per user until a visibility change is committed
 *       ({@link VisibilityVersion}), so repeated queries skip this step;</li>
 *   <li>{@code EXPLAIN} of the rewritten query must report a read-only query whose plan has only
 *       {@link PlanOperators#ALLOWED allowed operators};</li>
 *   <li>the query runs and its records are pulled until {@code limit + 1} have come (the rest is discarded);</li>
 *   <li>every node in the result, and both ends of every relationship, are checked for visibility once more
 *       in the same transaction ({@link ResultCheck#CHECK}); anything not visible fails the request as a
 *       {@link GuardDefect}.</li>
 * </ol>
 * The transaction is rolled back, so nothing an analyst runs could be committed. One path saves two of its three
 * round trips: a caller repeating a query text while its scope, with the whole visible set, is cached
 * ({@link #repeated}). That text has already passed EXPLAIN as read-only with allowed operators, so it runs as
 * one auto-commit transaction in READ mode (which Neo4j refuses to write in; an empty commit) and is checked in
 * memory; if the caller's visibility version moved meanwhile, the answer is dropped and the query takes the full
 * path with the time left of the caller's limit. Failures are translated
 * here: a query Neo4j refuses to compile is the caller's 400 (with Neo4j's reason); errors while running are
 * 400 without the database's message (it could quote data); timeouts and memory limits are 422. Thread-safe.
 */
public final class Neo4jAnalystQueries implements AnalystQueries {

  /**
   * Use {@link CypherGuard.Check#BY_SET} when the plan expects at least this many candidate rows and more
   * candidates than the caller has grants: then reading the visible set once is cheaper than a check per node.
   */
  static final double SET_MIN_CANDIDATES = 5_000;

  /** Which visibility check a query gets; tests force one or the other. */
  enum Strategy {
    ADAPTIVE,
    PER_NODE,
    BY_SET
  }

  private final PlanVerdicts verdicts;
  private final Rewrites rewrites;
  private final Driver driver;
  private final String database;
  private final Strategy strategy;
  private final Scopes scopes;

  public Neo4jAnalystQueries(GraphConnection connection) {
    this(connection, Set.of());
  }

  /**
   * @param procedures the procedures analysts may {@code CALL} ({@code namespace.name}; none by default): only
   *     read-only ones that yield no graph entities and reveal nothing of the graph, see {@link
   *     CypherGuard#rewrite(String, CypherGuard.Check, Set)}
   */
  public Neo4jAnalystQueries(GraphConnection connection, Set<String> procedures) {
    this(
        connection,
        Strategy.ADAPTIVE,
        true,
        procedures,
        (q, c) -> CypherGuard.rewrite(q, c, procedures));
  }

  Neo4jAnalystQueries(GraphConnection connection, Strategy strategy) {
    this(connection, strategy, true);
  }

  /** Tests turn the scope cache off to exercise the path an external database always takes. */
  Neo4jAnalystQueries(GraphConnection connection, Strategy strategy, boolean cacheScopes) {
    this(connection, strategy, cacheScopes, Set.of(), CypherGuard::rewrite);
  }

  /**
   * Tests pass a broken rewrite to show that what it lets through is still stopped by the plan check and the
   * post-check.
   */
  Neo4jAnalystQueries(
      GraphConnection connection,
      Strategy strategy,
      boolean cacheScopes,
      Set<String> procedures,
      java.util.function.BiFunction<String, CypherGuard.Check, String> rewriter) {
    this.verdicts = new PlanVerdicts(procedures);
    this.rewrites = new Rewrites(rewriter);
    this.driver = connection.driver();
    this.database = connection.database();
    this.strategy = strategy;
    this.scopes = new Scopes(cacheScopes ? connection.visibilityVersion() : null);
  }

  @Override
  public Mono<QueryResult> run(
      String uId, String query, Map<String, Object> params, int limit, Duration timeout) {
    // one time limit for the whole request: a fast path given up on leaves the full path only the
    // time left
    return Mono.defer(() -> {
          long deadline = System.nanoTime() + timeout.toNanos();
          return Mono.fromCallable(() -> rewrites.of(query, CypherGuard.Check.PER_NODE))
              .flatMap(rewritten -> repeated(uId, query, rewritten, params, limit, timeout)
                  .switchIfEmpty(Mono.usingWhen(
                      Mono.deferContextual(context -> Mono.just(readSession(context))),
                      session -> Mono.usingWhen(
                          Mono.defer(() ->
                              Mono.from(session.beginTransaction(config(Duration.ofNanos(
                                  Math.max(1_000_000, deadline - System.nanoTime())))))),
                          tx -> inTransaction(tx, uId, query, rewritten, params, limit),
                          ReactiveTransaction::rollback,
                          (tx, error) -> Mono.from(tx.rollback()).onErrorResume(e -> Mono.empty()),
                          tx -> Mono.from(tx.rollback()).onErrorResume(e -> Mono.empty())),
                      ReactiveSession::close)));
        })
        .onErrorMap(e -> AnalystErrors.translate(e, timeout));
  }

  private ReactiveSession readSession(reactor.util.context.ContextView context) {
    return driver.session(
        ReactiveSession.class, Sessions.config(driver, database, AccessMode.READ, context));
  }

  private static TransactionConfig config(Duration timeout) {
    return TransactionConfig.builder()
        .withTimeout(timeout)
        .withMetadata(Map.of("kith", "analyst-query"))
        .build();
  }

  /**
   * A query whose every step is known: the caller's scope with its visible set is cached at the current
   * visibility version and the rewritten text has passed EXPLAIN. Runs as one auto-commit READ transaction and
   * is checked in memory; empty (so the full path runs) if anything is not known or the caller's visibility
   * version moved before the answer was checked (a node deleted meanwhile could have had its id reused).
   */
  private Mono<QueryResult> repeated(
      String uId,
      String query,
      String perNode,
      Map<String, Object> params,
      int limit,
      Duration timeout) {
    long version = scopes.version(uId);
    Scopes.Scope scope = scopes.cached(uId);
    PlanVerdicts.Verdict verdict = verdicts.known(perNode);
    if (scope == null || scope.version() != version || scope.visible() == null || verdict == null) {
      return Mono.empty();
    }
    boolean bySet = bySet(verdict, scope);
    Map<String, Object> all = guardParams(params, limit, scope, bySet);
    String text = perNode;
    if (bySet) {
      text = rewrites.of(query, CypherGuard.Check.BY_SET);
      verdict = verdicts.known(text);
      if (verdict == null) {
        return Mono.empty();
      }
    }
    String statement = text;
    List<String> columns = verdict.columns();
    TransactionConfig config = config(timeout);
    return Mono.usingWhen(
        Mono.deferContextual(context -> Mono.just(readSession(context))),
        session -> Mono.from(session.run(statement, all, config))
            .flatMapMany(result -> Flux.from(result.records()).take(limit + 1L, true))
            .collectList()
            .flatMap(records -> scopes.version(uId) != scope.version()
                ? Mono.empty()
                : ResultCheck.checked(
                    (q, p) -> session.run(q, p, config),
                    records,
                    columns,
                    scope.subjects(),
                    scope.cascaded(),
                    scope.visible()))
            .filter(rows -> scopes.version(uId) == scope.version())
            .map(rows -> result(rows, columns, limit)),
        ReactiveSession::close);
  }

  /**
   * The caller's parameters with the guard's: the row limit, subjects and cascaded objects, and the whole visible
   * set for {@link CypherGuard.Check#BY_SET} (the scope must hold it then).
   */
  private static Map<String, Object> guardParams(
      Map<String, Object> params, int limit, Scopes.Scope scope, boolean withVisibleSet) {
    Map<String, Object> all = new HashMap<>(params);
    all.put(
        CypherGuard.LIMIT, limit + 1L); // one more than the caller's limit, to tell a cut result
    all.put(CypherGuard.SUBJECTS, scope.subjects());
    all.put(CypherGuard.CASCADED, scope.cascaded());
    if (withVisibleSet) {
      all.put(CypherGuard.VISIBLE, java.util.Objects.requireNonNull(scope.visible()));
    }
    return all;
  }

  private static QueryResult result(List<List<Object>> rows, List<String> columns, int limit) {
    return rows.size() > limit
        ? new QueryResult(columns, rows.subList(0, limit), true)
        : new QueryResult(columns, rows, false);
  }

  /**
   * Whether to check visibility by the caller's whole visible set: when the plan expects at least
   * {@link #SET_MIN_CANDIDATES} candidates and more than the caller has grants.
   */
  private boolean bySet(PlanVerdicts.Verdict verdict, Scopes.Scope scope) {
    return strategy == Strategy.BY_SET
        || (strategy == Strategy.ADAPTIVE
            && verdict.candidates() >= SET_MIN_CANDIDATES
            && verdict.candidates() > scope.grants() + scope.cascaded().size());
  }

  /**
   * Answers with the cached scope if no visibility change for the caller was committed since it was read
   * (embedded database only, see {@link VisibilityVersion}); a cached scope used a second time also gets the
   * caller's whole visible set, so results can be checked in memory. If a change is committed before the records
   * are in, the answer is discarded and the query runs again with the scope read in this transaction: then a node
   * deleted meanwhile cannot come back under its id as someone else's node (Neo4j reuses no id an open
   * transaction may see), and results are checked against the live graph.
   */
  private Mono<QueryResult> inTransaction(
      ReactiveTransaction tx,
      String uId,
      String query,
      String perNode,
      Map<String, Object> params,
      int limit) {
    long version = scopes.version(uId);
    Scopes.Scope cached = scopes.cached(uId);
    if (cached != null && cached.version() == version) {
      return (cached.visible() != null ? Mono.just(cached) : scopes.withVisibleSet(tx, uId, cached))
          .flatMap(scope -> answer(tx, uId, query, perNode, params, limit, scope, true))
          .onErrorResume(
              StaleScope.class,
              stale -> scopes
                  .read(tx, uId)
                  .flatMap(scope -> answer(tx, uId, query, perNode, params, limit, scope, false)));
    }
    return scopes
        .read(tx, uId)
        .flatMap(scope -> answer(tx, uId, query, perNode, params, limit, scope, false));
  }

  private Mono<QueryResult> answer(
      ReactiveTransaction tx,
      String uId,
      String query,
      String perNode,
      Map<String, Object> params,
      int limit,
      Scopes.Scope scope,
      boolean cachedScope) {
    Map<String, Object> all = guardParams(params, limit, scope, false);
    return verdicts.of(tx, perNode, all).flatMap(verdict -> {
      if (!bySet(verdict, scope)) {
        return run(tx, uId, perNode, all, verdict.columns(), limit, scope, cachedScope);
      }
      String setQuery = rewrites.of(query, CypherGuard.Check.BY_SET);
      return scopes.withVisibleSet(tx, uId, scope).flatMap(full -> {
        Map<String, Object> withSet = guardParams(params, limit, full, true);
        return verdicts
            .of(tx, setQuery, withSet)
            .flatMap(v -> run(tx, uId, setQuery, withSet, v.columns(), limit, full, cachedScope));
      });
    });
  }

  /** A cached scope went stale while its query ran. */
  private static final class StaleScope extends RuntimeException {
    StaleScope() {
      super("the caller's scope changed while the query ran", null, false, false);
    }
  }

  private Mono<QueryResult> run(
      ReactiveTransaction tx,
      String uId,
      String rewritten,
      Map<String, Object> params,
      List<String> columns,
      int limit,
      Scopes.Scope scope,
      boolean cachedScope) {
    // pulling stops after limit + 1 records; the rollback discards the rest of the stream
    return Mono.from(tx.run(rewritten, params))
        .flatMapMany(result -> Flux.from(result.records()).take(limit + 1L, true))
        .collectList()
        .flatMap(records -> cachedScope && scopes.version(uId) != scope.version()
            ? Mono.error(new StaleScope())
            : ResultCheck.checked(
                tx::run, records, columns, scope.subjects(), scope.cascaded(), scope.visible()))
        .map(rows -> result(rows, columns, limit));
  }
}

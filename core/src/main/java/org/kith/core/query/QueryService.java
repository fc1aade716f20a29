package org.kith.core.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.kith.core.Digests;
import org.kith.core.KithException;
import org.kith.core.Rejected;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.QueryEvent;
import reactor.core.publisher.Mono;

/**
 * {@code POST /v1/db/query}: bounds the query (length, parameters' number, names, size and depth, rows, time, how
 * many run at once per user), runs it through the {@link AnalystQueries} guard and audits every attempt — refused
 * ones included — with its text, outcome, row count and duration on the caller's trail. Thread-safe.
 */
public final class QueryService {
  public static final int MAX_QUERY_CHARS = 20_000;
  public static final int MAX_PARAMS = 100;
  public static final int DEFAULT_LIMIT = 1_000;
  public static final int MAX_LIMIT = 10_000;
  public static final int AUDITED_QUERY_CHARS = 2_000;
  /** Values (list and map elements, and scalars) plus the characters of strings and keys, over all parameters. */
  public static final int MAX_PARAM_SIZE = 1_000_000;

  public static final int MAX_PARAM_DEPTH = 16;
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");

  private final AnalystQueries queries;
  private final AuditTrail audit;
  private final Clock clock;
  private final Duration timeout;
  private final int maxConcurrentPerUser;
  private final int maxConcurrent;
  /** Places taken per user; users with none have no entry. */
  private final Map<String, Integer> running = new ConcurrentHashMap<>();

  private final AtomicInteger runningAll = new AtomicInteger();

  /**
   * @param maxConcurrentPerUser how many queries one user may run at once
   * @param maxConcurrent how many queries may run at once on this server, all users together (a query holds its
   *     place until the database has finished with it, so analysts cannot take all of the database's threads)
   */
  public QueryService(
      AnalystQueries queries,
      AuditTrail audit,
      Clock clock,
      Duration timeout,
      int maxConcurrentPerUser,
      int maxConcurrent) {
    this.queries = queries;
    this.audit = audit;
    this.clock = clock;
    this.timeout = timeout;
    this.maxConcurrentPerUser = maxConcurrentPerUser;
    this.maxConcurrent = maxConcurrent;
  }

  public Mono<QueryResult> query(
      String uId,
      @Nullable String query,
      @Nullable Map<String, Object> params,
      @Nullable Integer limit) {
    Map<String, Object> p = params == null ? Map.of() : params;
    return Mono.defer(() -> {
      Instant start = clock.instant();
      try {
        check(query, p, limit);
      } catch (Rejected refused) {
        return audited(uId, query == null ? "" : query, start, "rejected", 0, refused)
            .then(Mono.error(refused));
      }
      if (!takeUserPlace(uId)) {
        return busy(
            uId,
            query,
            start,
            "at most " + maxConcurrentPerUser + " queries may run at once for one user");
      }
      if (runningAll.getAndUpdate(n -> n < maxConcurrent ? n + 1 : n) >= maxConcurrent) {
        giveUserPlace(uId);
        return busy(
            uId,
            query,
            start,
            "at most " + maxConcurrent + " analyst queries may run at once on this server");
      }
      int rows = limit == null ? DEFAULT_LIMIT : limit;
      Mono<QueryResult> work = Mono.defer(() -> queries.run(uId, query, p, rows, timeout))
          .flatMap(result ->
              audited(uId, query, start, "ok", result.rows().size(), null).thenReturn(result))
          .onErrorResume(e -> audited(uId, query, start, outcome(e), 0, e).then(Mono.error(e)))
          .doFinally(signal -> {
            runningAll.decrementAndGet();
            giveUserPlace(uId);
          });
      // a caller who goes away does not stop the query: it keeps its places until the database is
      // done with it
      // (within the time limit) and is audited like any other
      return Mono.deferContextual(
          context -> Mono.fromFuture(work.contextWrite(context).toFuture(), true));
    });
  }

  private Mono<QueryResult> busy(String uId, String query, Instant start, String why) {
    Rejected busy = Rejected.tooManyRequests(why, Duration.ofSeconds(1));
    return audited(uId, query, start, "rejected", 0, busy).then(Mono.error(busy));
  }

  /** Takes one of the user's places if one is free: counting and checking at once, per user. */
  private boolean takeUserPlace(String uId) {
    boolean[] taken = {false};
    running.compute(uId, (k, n) -> {
      int now = n == null ? 0 : n;
      if (now >= maxConcurrentPerUser) {
        return n;
      }
      taken[0] = true;
      return now + 1;
    });
    return taken[0];
  }

  private void giveUserPlace(String uId) {
    running.computeIfPresent(uId, (k, n) -> n <= 1 ? null : n - 1);
  }

  private static void check(
      @Nullable String query, Map<String, Object> params, @Nullable Integer limit) {
    if (query == null || query.isBlank()) {
      throw Rejected.invalid("query", "send the Cypher text in query");
    }
    if (query.length() > MAX_QUERY_CHARS) {
      throw Rejected.invalid("query", "a query has at most " + MAX_QUERY_CHARS + " characters");
    }
    if (params.size() > MAX_PARAMS) {
      throw Rejected.invalid("params", "at most " + MAX_PARAMS + " parameters");
    }
    for (String name : params.keySet()) {
      if (name.startsWith("__")) {
        throw Rejected.invalid("params/" + name, "parameters starting with __ are reserved");
      }
      if (!PARAM_NAME.matcher(name).matches()) {
        throw Rejected.invalid("params", "parameter names are letters, digits and _ (at most 100)");
      }
    }
    long[] budget = {MAX_PARAM_SIZE};
    params.forEach((name, value) -> size(value, 1, budget, name));
    if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
      throw Rejected.invalid("limit", "limit is between 1 and " + MAX_LIMIT);
    }
  }

  /** Takes {@code value}'s size from {@code budget}; 400 when the budget or the nesting depth is exceeded. */
  private static void size(@Nullable Object value, int depth, long[] budget, String name) {
    if (depth > MAX_PARAM_DEPTH && (value instanceof Map || value instanceof Iterable)) {
      throw Rejected.invalid(
          "params/" + name,
          "parameter values nest lists and maps at most " + MAX_PARAM_DEPTH + " levels deep");
    }
    budget[0] -= value instanceof CharSequence text ? 1 + text.length() : 1;
    if (budget[0] < 0) {
      throw Rejected.invalid(
          "params", "parameters hold at most " + MAX_PARAM_SIZE + " values and characters in all");
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        budget[0] -= String.valueOf(entry.getKey()).length();
        size(entry.getValue(), depth + 1, budget, name);
      }
    } else if (value instanceof Iterable<?> items) {
      for (Object item : items) {
        size(item, depth + 1, budget, name);
      }
    }
  }

  private static String outcome(Throwable e) {
    if (e instanceof GuardDefect) {
      return "guard_defect";
    }
    return e instanceof KithException k && k instanceof Rejected ? "rejected" : "failed";
  }

  private Mono<Void> audited(
      String uId,
      String query,
      Instant start,
      String outcome,
      int rows,
      @Nullable Throwable error) {
    // the whole text is named by its hash, so a long query the event holds only the start of can be
    // matched
    QueryEvent event = new QueryEvent.Ran(
        query.length() <= AUDITED_QUERY_CHARS ? query : query.substring(0, AUDITED_QUERY_CHARS),
        Digests.sha256Hex(query),
        outcome,
        rows,
        Duration.between(start, clock.instant()).toMillis(),
        error instanceof Rejected r ? r.getMessage() : null);
    return audit.append(List.of(AuditEvent.of(uId, uId, clock.instant(), event)));
  }
}

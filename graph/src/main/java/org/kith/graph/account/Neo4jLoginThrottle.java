package org.kith.graph.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.kith.core.account.LoginThrottle;
import org.kith.graph.neo4j.Cypher;
import reactor.core.publisher.Mono;

/**
 * {@link LoginThrottle} on internal {@code (:LoginThrottle {key})} nodes, shared by every API node that
 * uses the same graph. Keys are stored as SHA-256 digests so client addresses and usernames are not kept in
 * clear. Times are epoch milliseconds so each rule's arithmetic is one atomic statement; {@code expires_at}
 * says when a node no longer matters. Thread-safe.
 */
public final class Neo4jLoginThrottle implements LoginThrottle {
  /** Expired nodes removed per purge statement, so one purge never builds a huge transaction. */
  private static final int PURGE_BATCH = 10_000;

  private final Cypher cypher;

  public Neo4jLoginThrottle(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<List<Status>> status(List<String> keys, Instant now) {
    return cypher
        .read(
            "UNWIND range(0, size($keys) - 1) AS i OPTIONAL MATCH (t:LoginThrottle {key: $keys[i]})"
                + " RETURN i, CASE WHEN t.blocked_until > $now THEN t.blocked_until - $now ELSE 0 END AS ms,"
                + " t IS NOT NULL AND coalesce(t.expires_at, $now + 1) > $now AS counting ORDER BY i",
            Map.of(
                "keys",
                keys.stream().map(Neo4jLoginThrottle::digest).toList(),
                "now",
                now.toEpochMilli()),
            r -> new Status(
                Duration.ofMillis(r.get("ms").asLong()), r.get("counting").asBoolean()))
        .collectList();
  }

  @Override
  public Mono<Void> recordFailure(String key, int limit, Duration window, Instant now) {
    return cypher.write(
        "MERGE (t:LoginThrottle {key: $key})"
            + " ON CREATE SET t.failures = 0, t.window_start = $now"
            + " WITH t, coalesce(t.window_start, 0) + $window <= $now AS expired"
            + " SET t.failures = CASE WHEN expired THEN 1 ELSE coalesce(t.failures, 0) + 1 END,"
            + " t.window_start = CASE WHEN expired THEN $now ELSE t.window_start END"
            + " SET t.blocked_until = CASE WHEN t.failures >= $limit THEN t.window_start + $window ELSE null END,"
            + " t.expires_at = t.window_start + $window",
        Map.of(
            "key",
            digest(key),
            "now",
            now.toEpochMilli(),
            "window",
            window.toMillis(),
            "limit",
            limit));
  }

  @Override
  public Mono<Void> recordBackoff(String key, Backoff backoff, Instant now) {
    return cypher.write(
        "MERGE (t:LoginThrottle {key: $key})"
            + " WITH t, CASE WHEN coalesce(t.expires_at, 0) <= $now THEN 1 ELSE coalesce(t.failures, 0) + 1 END AS n"
            + " WITH t, n, n - $free AS over"
            + " WITH t, n, over, CASE WHEN over > 40 THEN $max"
            + "   ELSE toInteger($first * 2.0 ^ (over - 1)) END AS delay"
            + " SET t.failures = n, t.expires_at = $now + $forget,"
            + " t.blocked_until = CASE WHEN over <= 0 THEN null"
            + "   ELSE $now + CASE WHEN delay > $max THEN $max ELSE delay END END",
        Map.of(
            "key",
            digest(key),
            "now",
            now.toEpochMilli(),
            "free",
            backoff.freeFailures(),
            "first",
            backoff.firstDelay().toMillis(),
            "max",
            backoff.maxDelay().toMillis(),
            "forget",
            Math.max(backoff.forgetAfter().toMillis(), backoff.maxDelay().toMillis())));
  }

  @Override
  public Mono<Void> recordSpend(String key, Budget budget, Instant now) {
    // tat: the theoretical arrival time; after a spend the budget is empty while tat lies more than
    // (burst - 1) * interval ahead, so exactly burst spends at once empty it
    return cypher.write(
        "MERGE (t:LoginThrottle {key: $key})"
            + " WITH t, CASE WHEN coalesce(t.tat, 0) > $now THEN t.tat ELSE $now END + $interval AS tat"
            + " SET t.tat = tat, t.expires_at = tat, t.failures = null, t.window_start = null,"
            + " t.blocked_until = CASE WHEN tat - $span > $now THEN tat - $span ELSE null END",
        Map.of(
            "key",
            digest(key),
            "now",
            now.toEpochMilli(),
            "interval",
            budget.interval().toMillis(),
            "span",
            Math.max(0, budget.burst() - 1) * budget.interval().toMillis()));
  }

  @Override
  public Mono<Void> clear(String key) {
    return cypher.write("MATCH (t:LoginThrottle {key: $key}) DELETE t", Map.of("key", digest(key)));
  }

  @Override
  public Mono<Long> purgeExpired(Instant now) {
    return cypher
        .write(
            "MATCH (t:LoginThrottle) WHERE t.expires_at <= $now WITH t LIMIT $batch DELETE t"
                + " RETURN count(*) AS n",
            Map.of("now", now.toEpochMilli(), "batch", PURGE_BATCH),
            r -> r.get("n").asLong())
        .reduce(0L, Long::sum);
  }

  private static String digest(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

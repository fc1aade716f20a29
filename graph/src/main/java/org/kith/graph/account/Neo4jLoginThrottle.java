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
 * uses the same graph. Keys are stored as SHA-256 digests so client addresses are not kept in clear.
 * Times are epoch milliseconds to keep the window arithmetic in one atomic statement.
 */
public final class Neo4jLoginThrottle implements LoginThrottle {
  private final Cypher cypher;

  public Neo4jLoginThrottle(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<List<Status>> status(List<String> keys, Instant now) {
    return cypher.read("UNWIND range(0, size($keys) - 1) AS i OPTIONAL MATCH (t:LoginThrottle {key: $keys[i]})"
            + " RETURN i, CASE WHEN t.blocked_until > $now THEN t.blocked_until - $now ELSE 0 END AS ms,"
            + " t IS NOT NULL AS counting ORDER BY i",
        Map.of("keys", keys.stream().map(Neo4jLoginThrottle::digest).toList(), "now", now.toEpochMilli()),
        r -> new Status(Duration.ofMillis(r.get("ms").asLong()), r.get("counting").asBoolean()))
        .collectList();
  }

  @Override
  public Mono<Void> recordFailure(String key, int limit, Duration window, Instant now) {
    return cypher.write("MERGE (t:LoginThrottle {key: $key})"
        + " ON CREATE SET t.failures = 0, t.window_start = $now"
        + " WITH t, t.window_start + $window <= $now AS expired"
        + " SET t.failures = CASE WHEN expired THEN 1 ELSE t.failures + 1 END,"
        + " t.window_start = CASE WHEN expired THEN $now ELSE t.window_start END"
        + " SET t.blocked_until = CASE WHEN t.failures >= $limit THEN t.window_start + $window ELSE null END",
        Map.of("key", digest(key), "now", now.toEpochMilli(), "window", window.toMillis(), "limit", limit));
  }

  @Override
  public Mono<Void> clear(String key) {
    return cypher.write("MATCH (t:LoginThrottle {key: $key}) DELETE t", Map.of("key", digest(key)));
  }

  private static String digest(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

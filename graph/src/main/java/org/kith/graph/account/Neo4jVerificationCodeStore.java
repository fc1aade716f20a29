package org.kith.graph.account;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.kith.core.account.CodePurpose;
import org.kith.core.account.VerificationCodeStore;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Value;
import reactor.core.publisher.Mono;

/** {@link VerificationCodeStore} on internal {@code (:VerificationCode)-[:CODE_FOR]->(:User)} nodes. */
public final class Neo4jVerificationCodeStore implements VerificationCodeStore {
  private final Cypher cypher;

  public Neo4jVerificationCodeStore(Cypher cypher) {
    this.cypher = cypher;
  }

  private static String key(String uId, CodePurpose purpose) {
    return uId + ":" + purpose.name();
  }

  @Override
  public Mono<Void> put(String uId, CodePurpose purpose, StoredCode code) {
    Map<String, Object> p = new HashMap<>();
    p.put("u_id", uId);
    p.put("key", key(uId, purpose));
    p.put("hash", code.codeHash());
    p.put("expires", Times.toGraph(code.expiresAt()));
    p.put("failures", code.failures());
    p.put("locked", Times.toGraph(code.lockedUntil()));
    p.put("tries", code.tries());
    return cypher.write(
        "MATCH (u:User {u_id: $u_id}) MERGE (c:VerificationCode {key: $key})"
            + " SET c.code_hash = $hash, c.expires_at = $expires, c.failures = $failures, c.locked_until = $locked,"
            + " c.tries = $tries MERGE (c)-[:CODE_FOR]->(u)",
        p);
  }

  @Override
  public Mono<StoredCode> get(String uId, CodePurpose purpose) {
    return cypher
        .read(
            "MATCH (c:VerificationCode {key: $key}) RETURN c",
            Map.of("key", key(uId, purpose)),
            r -> code(r.get("c")))
        .next();
  }

  private static StoredCode code(Value c) {
    return new StoredCode(
        c.get("code_hash").asString(),
        Times.fromGraph(c.get("expires_at")),
        c.get("failures").asInt(0),
        Times.fromGraph(c.get("locked_until")),
        c.get("tries").asInt(0));
  }

  /**
   * The first SET takes the code's write lock, so the outcome is decided on the code as the answer before this
   * one left it (read committed, then locked until this transaction ends).
   */
  @Override
  public Mono<Attempt> attempt(
      String uId, CodePurpose purpose, String presentedHash, Instant now, int triesPerCode) {
    Map<String, Object> p = new HashMap<>();
    p.put("key", key(uId, purpose));
    p.put("hash", presentedHash);
    p.put("now", Times.toGraph(now));
    p.put("per_code", triesPerCode);
    return cypher
        .write(
            "MATCH (c:VerificationCode {key: $key}) SET c.checking = true"
                + " WITH c, CASE WHEN c.locked_until IS NOT NULL AND c.locked_until > $now THEN 'LOCKED'"
                + " WHEN c.expires_at <= $now THEN 'EXPIRED'"
                + " WHEN coalesce(c.tries, 0) >= $per_code THEN 'SPENT'"
                + " WHEN c.code_hash = $hash THEN 'RIGHT' ELSE 'WRONG' END AS outcome"
                + " SET c.tries = coalesce(c.tries, 0) + CASE outcome WHEN 'WRONG' THEN 1 ELSE 0 END,"
                + " c.failures = coalesce(c.failures, 0) + CASE outcome WHEN 'WRONG' THEN 1 ELSE 0 END"
                + " REMOVE c.checking RETURN c, outcome",
            p,
            r -> new Attempt(code(r.get("c")), Outcome.valueOf(r.get("outcome").asString())))
        .next();
  }

  @Override
  public Mono<Void> delete(String uId, CodePurpose purpose) {
    return cypher.write(
        "MATCH (c:VerificationCode {key: $key}) DETACH DELETE c", Map.of("key", key(uId, purpose)));
  }
}

package org.kith.graph.account;

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
    return cypher.write(
        "MATCH (u:User {u_id: $u_id}) MERGE (c:VerificationCode {key: $key})"
            + " SET c.code_hash = $hash, c.expires_at = $expires, c.failures = $failures, c.locked_until = $locked"
            + " MERGE (c)-[:CODE_FOR]->(u)",
        p);
  }

  @Override
  public Mono<StoredCode> get(String uId, CodePurpose purpose) {
    return cypher
        .read(
            "MATCH (c:VerificationCode {key: $key}) RETURN c",
            Map.of("key", key(uId, purpose)),
            r -> {
              Value c = r.get("c");
              return new StoredCode(
                  c.get("code_hash").asString(),
                  Times.fromGraph(c.get("expires_at")),
                  c.get("failures").asInt(0),
                  Times.fromGraph(c.get("locked_until")));
            })
        .next();
  }

  @Override
  public Mono<Void> delete(String uId, CodePurpose purpose) {
    return cypher.write(
        "MATCH (c:VerificationCode {key: $key}) DETACH DELETE c", Map.of("key", key(uId, purpose)));
  }
}

package org.kith.graph.account;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kith.core.account.SecondFactorStore;
import org.kith.core.audit.AuditEvent;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import reactor.core.publisher.Mono;

/**
 * {@link SecondFactorStore} on internal {@code (:TotpFactor {u_id})-[:FACTOR_OF]->(:User)} nodes (the sealed key,
 * {@code active}, {@code last_step}, the recovery codes' keyed hashes) and {@code (:MfaChallenge {hash})} nodes.
 * Each check-and-use first writes to the node, which takes its write lock, and only then reads what it checks: of
 * concurrent uses of one code, step or token exactly one succeeds.
 */
public final class Neo4jSecondFactorStore implements SecondFactorStore {
  /** Takes the node's write lock before anything of it is read. */
  private static final String LOCK = " SET f.version = coalesce(f.version, 0) + 1 WITH f";

  private final Cypher cypher;

  public Neo4jSecondFactorStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<Totp> totp(String uId) {
    return cypher
        .read(
            "MATCH (f:TotpFactor {u_id: $u_id})"
                + " RETURN f.sealed_key AS key, f.active AS active, f.last_step AS last_step",
            Map.of("u_id", uId),
            r -> new Totp(
                r.get("key").asString(),
                r.get("active").asBoolean(false),
                r.get("last_step").asLong(-1)))
        .next();
  }

  @Override
  public Mono<Boolean> startTotp(String uId, String sealedKey, Instant now) {
    Map<String, Object> p = new HashMap<>();
    p.put("u_id", uId);
    p.put("key", sealedKey);
    p.put("now", Times.toGraph(now));
    return cypher
        .write(
            "MATCH (u:User {u_id: $u_id})"
                + " MERGE (f:TotpFactor {u_id: $u_id}) ON CREATE SET f.active = false"
                + LOCK + ", u WHERE NOT f.active"
                + " SET f.sealed_key = $key, f.created_at = $now, f.last_step = -1, f.recovery = []"
                + " MERGE (f)-[:FACTOR_OF]->(u) RETURN true AS ok",
            p,
            r -> true)
        .next()
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Boolean> activateTotp(
      String uId, long step, List<String> recoveryHashes, List<AuditEvent> audit) {
    return audited(
        "MATCH (f:TotpFactor {u_id: $u_id})" + LOCK + " WHERE NOT f.active AND f.last_step < $step"
            + " SET f.active = true, f.last_step = $step, f.recovery = $hashes RETURN true AS ok",
        Map.of("u_id", uId, "step", step, "hashes", recoveryHashes),
        audit);
  }

  @Override
  public Mono<Boolean> useStep(String uId, long step, List<AuditEvent> audit) {
    return audited(
        "MATCH (f:TotpFactor {u_id: $u_id})" + LOCK + " WHERE f.active AND f.last_step < $step"
            + " SET f.last_step = $step RETURN true AS ok",
        Map.of("u_id", uId, "step", step),
        audit);
  }

  @Override
  public Mono<Boolean> useRecoveryCode(String uId, String hash, List<AuditEvent> audit) {
    return audited(
        "MATCH (f:TotpFactor {u_id: $u_id})" + LOCK + " WHERE f.active AND $hash IN f.recovery"
            + " SET f.recovery = [h IN f.recovery WHERE h <> $hash] RETURN true AS ok",
        Map.of("u_id", uId, "hash", hash),
        audit);
  }

  @Override
  public Mono<Boolean> removeTotp(String uId, List<AuditEvent> audit) {
    return audited(
        "MATCH (f:TotpFactor {u_id: $u_id}) DETACH DELETE f RETURN true AS ok",
        Map.of("u_id", uId),
        audit);
  }

  @Override
  public Mono<Void> saveChallenge(
      String hash, String uId, String client, Instant expiresAt, Instant now) {
    Map<String, Object> p = new HashMap<>();
    p.put("hash", hash);
    p.put("u_id", uId);
    p.put("client", client);
    p.put("expires", Times.toGraph(expiresAt));
    p.put("now", Times.toGraph(now));
    return cypher.write(
        "CREATE (c:MfaChallenge {hash: $hash, u_id: $u_id, client: $client, expires_at: $expires,"
            + " used: false})"
            + " WITH c OPTIONAL MATCH (old:MfaChallenge {u_id: $u_id})"
            + " WHERE old.expires_at < $now OR old.used DELETE old",
        p);
  }

  @Override
  public Mono<Challenge> challenge(String hash, Instant now) {
    Map<String, Object> p = new HashMap<>();
    p.put("hash", hash);
    p.put("now", Times.toGraph(now));
    return cypher
        .read(
            "MATCH (c:MfaChallenge {hash: $hash}) WHERE c.expires_at > $now AND NOT c.used"
                + " RETURN c.u_id AS u_id, c.client AS client, c.expires_at AS expires",
            p,
            r -> new Challenge(
                r.get("u_id").asString(),
                r.get("client").asString(),
                Objects.requireNonNull(Times.fromGraph(r.get("expires")))))
        .next();
  }

  @Override
  public Mono<Boolean> takeChallenge(String hash) {
    return cypher
        .write(
            "MATCH (f:MfaChallenge {hash: $hash})" + LOCK + " WHERE NOT f.used"
                + " SET f.used = true RETURN true AS ok",
            Map.of("hash", hash),
            r -> true)
        .next()
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Long> purgeChallenges(Instant now) {
    return cypher
        .write(
            "MATCH (c:MfaChallenge) WHERE c.expires_at <= $now DELETE c RETURN count(*) AS n",
            Map.of("now", Times.toGraph(now)),
            r -> r.get("n").asLong())
        .next()
        .defaultIfEmpty(0L);
  }

  private Mono<Boolean> audited(String query, Map<String, Object> params, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(cypher, query, params, audit, r -> true)
        .defaultIfEmpty(false);
  }
}

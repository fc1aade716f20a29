package org.kith.graph.account;

import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.account.PasskeyStore;
import org.kith.core.audit.AuditEvent;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.ConstraintViolation;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link PasskeyStore} on internal nodes: {@code (:WebAuthnCredential)-[:PASSKEY_OF]->(:User)}, the account's
 * {@code (:WebAuthnUser {u_id, handle})} and {@code (:WebAuthnChallenge {hash})}; none is visible to analyst
 * queries. A taken challenge is marked used under its node's write lock (one of concurrent takes wins, the others
 * find it used) and deleted with the expired ones.
 */
public final class Neo4jPasskeyStore implements PasskeyStore {
  private static final String RETURN =
      " RETURN c {.cred_id, .u_id, .name, .attested, .sign_count, .transports,"
          + " .uv_initialized, .backup_eligible, .backup_state, .created_at, .last_used_at} AS c";
  private static final String CRED_ID = "cred_id";
  private static final String U_ID = "u_id";
  private final Cypher cypher;

  public Neo4jPasskeyStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<Void> saveChallenge(
      String hash, String purpose, @Nullable String uId, Instant expiresAt) {
    Map<String, Object> p = new HashMap<>();
    p.put("hash", hash);
    p.put("purpose", purpose);
    p.put(U_ID, uId);
    p.put("expires", Times.toGraph(expiresAt));
    return cypher.write(
        "CREATE (:WebAuthnChallenge {hash: $hash, purpose: $purpose, u_id: $u_id, expires_at: $expires})",
        p);
  }

  @Override
  public Mono<Challenge> takeChallenge(String hash, Instant now) {
    return cypher
        .write(
            // the first write takes the node's lock, and only then is `used` read: of concurrent
            // takes
            // exactly one sees it unused (a delete here would let a second taker read the node
            // before it
            // was gone); used and expired challenges are removed by purgeChallenges
            "MATCH (c:WebAuthnChallenge {hash: $hash}) SET c.version = coalesce(c.version, 0) + 1"
                + " WITH c WHERE c.used IS NULL SET c.used = true WITH c WHERE c.expires_at > $now"
                + " RETURN c.purpose AS purpose, c.u_id AS u_id",
            Map.of("hash", hash, "now", Times.toGraph(now)),
            r -> new Challenge(
                r.get("purpose").asString(),
                r.get(U_ID).isNull() ? null : r.get(U_ID).asString()))
        .next();
  }

  @Override
  public Mono<Long> purgeChallenges(Instant now) {
    return cypher
        .write(
            "MATCH (c:WebAuthnChallenge) WHERE c.expires_at <= $now DELETE c RETURN count(*) AS n",
            Map.of("now", Times.toGraph(now)),
            r -> r.get("n").asLong())
        .next();
  }

  @Override
  public Mono<String> userHandle(String uId, String candidate) {
    return cypher
        .write(
            "MATCH (u:User {u_id: $u_id}) MERGE (h:WebAuthnUser {u_id: $u_id})"
                + " ON CREATE SET h.handle = $candidate RETURN h.handle AS handle",
            Map.of(U_ID, uId, "candidate", candidate),
            r -> r.get("handle").asString())
        .next();
  }

  @Override
  public Mono<String> ownerOfHandle(String userHandle) {
    return cypher
        .read(
            "MATCH (h:WebAuthnUser {handle: $handle}) RETURN h.u_id AS u_id",
            Map.of("handle", userHandle),
            r -> r.get(U_ID).asString())
        .next();
  }

  @Override
  public Mono<Passkey> add(Passkey k, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("id", k.credentialId());
    p.put(U_ID, k.uId());
    p.put("name", k.name());
    p.put("attested", Base64.getEncoder().encodeToString(k.attestedCredentialData()));
    p.put("count", k.signCount());
    p.put("transports", k.transports());
    p.put("uv", k.uvInitialized());
    p.put("be", k.backupEligible());
    p.put("bs", k.backupState());
    p.put("created", Times.toGraph(k.createdAt()));
    return AuditAppender.writeReturning(
            cypher,
            "MATCH (u:User {u_id: $u_id}) CREATE (c:WebAuthnCredential {cred_id: $id, u_id: $u_id,"
                + " name: $name, attested: $attested, sign_count: $count, transports: $transports,"
                + " uv_initialized: $uv, backup_eligible: $be, backup_state: $bs, created_at: $created})"
                + "-[:PASSKEY_OF]->(u)" + RETURN,
            p,
            audit,
            Neo4jPasskeyStore::map)
        .onErrorMap(
            ConstraintViolation.class,
            e -> Rejected.conflict("this passkey is registered already"));
  }

  @Override
  public Flux<Passkey> list(String uId) {
    return cypher.read(
        "MATCH (c:WebAuthnCredential {u_id: $u_id})" + RETURN + " ORDER BY c.created_at, c.cred_id",
        Map.of(U_ID, uId),
        Neo4jPasskeyStore::map);
  }

  @Override
  public Mono<Passkey> find(String credentialId) {
    return cypher
        .read(
            "MATCH (c:WebAuthnCredential {cred_id: $id})" + RETURN,
            Map.of("id", credentialId),
            Neo4jPasskeyStore::map)
        .next();
  }

  @Override
  public Mono<Passkey> rename(
      String uId, String credentialId, String name, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(
        cypher,
        "MATCH (c:WebAuthnCredential {cred_id: $id, u_id: $u_id}) SET c.name = $name" + RETURN,
        Map.of(U_ID, uId, "id", credentialId, "name", name),
        audit,
        Neo4jPasskeyStore::map);
  }

  @Override
  public Mono<Boolean> delete(String uId, String credentialId, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(
            cypher,
            "MATCH (c:WebAuthnCredential {cred_id: $id, u_id: $u_id}) DETACH DELETE c RETURN $id AS id",
            Map.of(U_ID, uId, "id", credentialId),
            audit,
            r -> true)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Boolean> recordUse(String credentialId, long signCount, Instant now) {
    return cypher
        .write(
            "MATCH (c:WebAuthnCredential {cred_id: $id})"
                + " WHERE c.sign_count < $count OR (c.sign_count = 0 AND $count = 0)"
                + " SET c.sign_count = $count, c.last_used_at = $now RETURN c.cred_id AS id",
            Map.of("id", credentialId, "count", signCount, "now", Times.toGraph(now)),
            r -> true)
        .next()
        .defaultIfEmpty(false);
  }

  private static Passkey map(Record r) {
    Value c = r.get("c");
    return new Passkey(
        c.get(CRED_ID).asString(),
        c.get(U_ID).asString(),
        c.get("name").asString(),
        Base64.getDecoder().decode(c.get("attested").asString()),
        c.get("sign_count").asLong(),
        c.get("transports").asList(Value::asString),
        c.get("uv_initialized").asBoolean(),
        c.get("backup_eligible").asBoolean(),
        c.get("backup_state").asBoolean(),
        Times.fromGraph(c.get("created_at")),
        c.get("last_used_at").isNull() ? null : Times.fromGraph(c.get("last_used_at")));
  }
}

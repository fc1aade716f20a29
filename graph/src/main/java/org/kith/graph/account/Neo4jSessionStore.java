package org.kith.graph.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.SessionStore;
import org.kith.core.audit.AuditEvent;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.SessionVersion;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import reactor.core.publisher.Mono;

/**
 * {@link SessionStore} on {@code (:RefreshToken)-[:IN_FAMILY]->(:RefreshFamily)-[:SESSION_OF]->(:User)}.
 * Rotation first writes to the family node, which takes its write lock, so two concurrent presentations of
 * one token serialise: exactly one rotates, the other sees it used and revokes the family.
 */
public final class Neo4jSessionStore implements SessionStore {
  private final Cypher cypher;
  private final @Nullable SessionVersion version;
  /** Sessions found live, with the {@link SessionVersion} read before the lookup; only positives are kept. */
  private final Cache<String, Long> live = Caffeine.newBuilder()
      .maximumSize(100_000)
      .expireAfterWrite(Duration.ofMinutes(10))
      .build();

  public Neo4jSessionStore(Cypher cypher) {
    this(cypher, null);
  }

  /** With a version (embedded database), live sessions are remembered until a commit may have ended one. */
  public Neo4jSessionStore(Cypher cypher, @Nullable SessionVersion version) {
    this.cypher = cypher;
    this.version = version;
  }

  @Override
  public Mono<Void> start(
      String uId,
      String familyId,
      String tokenHash,
      Instant expiresAt,
      Instant now,
      List<String> amr,
      List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("amr", amr);
    p.put("u_id", uId);
    p.put("family", familyId);
    p.put("hash", tokenHash);
    p.put("expires", Times.toGraph(expiresAt));
    p.put("now", Times.toGraph(now));
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (u:User {u_id: $u_id})"
            + " CREATE (f:RefreshFamily {family_id: $family, u_id: $u_id, revoked: false, created_at: $now,"
            + " amr: $amr})"
            + "-[:SESSION_OF]->(u)"
            + " CREATE (:RefreshToken {hash: $hash, used: false, expires_at: $expires, created_at: $now})"
            + "-[:IN_FAMILY]->(f)",
        p,
        audit);
  }

  /**
   * One statement: the write to the family node comes first and takes its lock, so what follows reads the token
   * as the last rotation left it; then either the token is spent and its successor created, or (a spent token
   * presented again) the family is revoked, or (revoked, expired, disabled) nothing changes.
   */
  private static final String ROTATE =
      "MATCH (t:RefreshToken {hash: $hash})-[:IN_FAMILY]->(f:RefreshFamily)-[:SESSION_OF]->(u:User)"
          + " SET f.version = coalesce(f.version, 0) + 1"
          + " WITH t, f, u, coalesce(t.used, false) AS used, coalesce(f.revoked, false)"
          + " OR coalesce(t.expires_at < $now, false) OR coalesce(u.disabled, false) AS invalid"
          + " FOREACH (x IN CASE WHEN NOT invalid AND used THEN [1] ELSE [] END | SET f.revoked = true)"
          + " FOREACH (x IN CASE WHEN NOT invalid AND NOT used THEN [1] ELSE [] END |"
          + " SET t.used = true"
          + " CREATE (:RefreshToken {hash: $next, used: false, expires_at: $expires, created_at: $now})"
          + "-[:IN_FAMILY]->(f))"
          + " RETURN f.family_id AS family, f.u_id AS u_id, invalid, used,"
          + " coalesce(f.amr, ['pwd']) AS amr, f.created_at AS auth_time, u.username AS username";

  @Override
  public Mono<Rotation> rotate(
      String presentedHash,
      String nextHash,
      Instant nextExpiresAt,
      Instant now,
      Function<Rotation, List<AuditEvent>> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("hash", presentedHash);
    p.put("next", nextHash);
    p.put("expires", Times.toGraph(nextExpiresAt));
    p.put("now", Times.toGraph(now));
    return cypher
        .<Rotation>writeTransaction(tx -> tx.runAsync(ROTATE, p)
            .thenCompose(c -> c.listAsync(Neo4jSessionStore::rotation))
            .thenCompose(rows -> {
              Rotation r = rows.isEmpty() ? new Invalid() : rows.get(0);
              return AuditAppender.append(tx, audit.apply(r)).thenApply(x -> List.of(r));
            }))
        .next();
  }

  private static Rotation rotation(Record r) {
    if (r.get("invalid").asBoolean(false)) {
      return new Invalid();
    }
    String family = r.get("family").asString();
    String uId = r.get("u_id").asString();
    if (r.get("used").asBoolean(false)) {
      return new Reused(uId, family);
    }
    return new Rotated(
        uId,
        r.get("username").asString(),
        family,
        r.get("amr").asList(org.neo4j.driver.Value::asString),
        java.util.Objects.requireNonNull(Times.fromGraph(r.get("auth_time"))));
  }

  @Override
  public Mono<Boolean> revokeByToken(String uId, String tokenHash, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(
            cypher,
            "MATCH (:RefreshToken {hash: $hash})-[:IN_FAMILY]->"
                + "(f:RefreshFamily {u_id: $u_id}) SET f.revoked = true RETURN f.family_id AS family",
            Map.of("hash", tokenHash, "u_id", uId),
            audit,
            r -> true)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Void> revoke(String uId, String familyId, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (f:RefreshFamily {family_id: $family, u_id: $u_id})" + " SET f.revoked = true",
        Map.of("family", familyId, "u_id", uId),
        audit);
  }

  @Override
  public Mono<Void> revokeAll(String uId, @Nullable String keepFamilyId) {
    Map<String, Object> p = new HashMap<>();
    p.put("u_id", uId);
    p.put("keep", keepFamilyId);
    return cypher.write(
        "MATCH (f:RefreshFamily {u_id: $u_id}) WHERE $keep IS NULL OR f.family_id <> $keep"
            + " SET f.revoked = true",
        p);
  }

  @Override
  public Mono<Boolean> isActive(String uId, @Nullable String familyId, Instant now) {
    if (version == null) {
      return lookUp(uId, familyId);
    }
    String key = uId + "\n" + (familyId == null ? "" : familyId);
    long tag = version.current();
    Long seen = live.getIfPresent(key);
    if (seen != null && seen == tag) {
      return Mono.just(true);
    }
    return lookUp(uId, familyId).doOnNext(active -> {
      if (active) {
        live.put(key, tag);
      }
    });
  }

  private Mono<Boolean> lookUp(String uId, @Nullable String familyId) {
    Map<String, Object> p = new HashMap<>();
    p.put("u_id", uId);
    p.put("family", familyId);
    return cypher
        .read(
            "MATCH (u:User {u_id: $u_id}) WHERE NOT coalesce(u.disabled, false)"
                + " OPTIONAL MATCH (f:RefreshFamily {family_id: $family})"
                + " RETURN $family IS NULL OR (f IS NOT NULL AND f.u_id = $u_id AND NOT f.revoked) AS active",
            p,
            r -> r.get("active").asBoolean(false))
        .next()
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Instant> authenticatedAt(String uId, String familyId) {
    return cypher
        .read(
            "MATCH (f:RefreshFamily {family_id: $family}) WHERE f.u_id = $u_id AND NOT f.revoked"
                + " RETURN f.created_at AS at",
            Map.of("u_id", uId, "family", familyId),
            r -> java.util.Objects.requireNonNull(Times.fromGraph(r.get("at"))))
        .next();
  }

  @Override
  public Mono<Authentication> authentication(String uId, String familyId) {
    return cypher
        .read(
            "MATCH (f:RefreshFamily {family_id: $family}) WHERE f.u_id = $u_id AND NOT f.revoked"
                + " RETURN f.created_at AS at, coalesce(f.amr, ['pwd']) AS amr",
            Map.of("u_id", uId, "family", familyId),
            r -> new Authentication(
                java.util.Objects.requireNonNull(Times.fromGraph(r.get("at"))),
                r.get("amr").asList(org.neo4j.driver.Value::asString)))
        .next();
  }
}

package org.kith.graph.account;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.kith.core.account.SessionRegistry;
import org.kith.core.audit.AuditEvent;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link SessionRegistry} on the refresh families of {@link Neo4jSessionStore}: the device is kept on the family
 * ({@code user_agent}, {@code network}); the last use is the newest token's creation (each refresh makes one).
 */
public final class Neo4jSessionRegistry implements SessionRegistry {
  private final Cypher cypher;

  public Neo4jSessionRegistry(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Flux<Session> live(String uId, Instant now, int limit) {
    return cypher.read(
        "MATCH (f:RefreshFamily {u_id: $u_id}) WHERE NOT f.revoked"
            + " MATCH (t:RefreshToken)-[:IN_FAMILY]->(f)"
            + " WITH f, max(t.created_at) AS last,"
            + " max(CASE WHEN NOT t.used THEN t.expires_at END) AS live_until"
            + " WHERE live_until > $now"
            + " RETURN f.family_id AS id, f.user_agent AS agent, f.network AS network,"
            + " f.created_at AS created, last ORDER BY last DESC, id LIMIT $limit",
        Map.of("u_id", uId, "now", Times.toGraph(now), "limit", limit),
        r -> new Session(
            r.get("id").asString(),
            text(r.get("agent")),
            text(r.get("network")),
            Objects.requireNonNull(Times.fromGraph(r.get("created"))),
            Objects.requireNonNull(Times.fromGraph(r.get("last")))));
  }

  @Override
  public Mono<Login> describe(String tokenHash, String userAgent, String network) {
    return cypher
        .write(
            "MATCH (:RefreshToken {hash: $hash, used: false})-[:IN_FAMILY]->(f:RefreshFamily)"
                + "-[:SESSION_OF]->(u:User)"
                + " OPTIONAL MATCH (o:RefreshFamily {u_id: f.u_id}) WHERE o <> f"
                + " WITH f, u, count(o) AS others,"
                + " count(CASE WHEN o.user_agent = $agent AND o.network = $network THEN 1 END) AS same"
                + " SET f.user_agent = $agent, f.network = $network"
                + " RETURN u.u_id AS u_id, u.username AS username, f.family_id AS family,"
                + " same = 0 AS new_device, others = 0 AS first",
            Map.of("hash", tokenHash, "agent", userAgent, "network", network),
            r -> new Login(
                r.get("u_id").asString(),
                r.get("username").asString(),
                r.get("family").asString(),
                r.get("new_device").asBoolean(),
                r.get("first").asBoolean()))
        .next();
  }

  @Override
  public Mono<Boolean> end(String uId, String familyId, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(
            cypher,
            "MATCH (f:RefreshFamily {family_id: $family, u_id: $u_id}) WHERE NOT f.revoked"
                + " SET f.revoked = true RETURN f.family_id AS family",
            Map.of("family", familyId, "u_id", uId),
            audit,
            r -> true)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Long> endOthers(String uId, @Nullable String keep, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("u_id", uId);
    p.put("keep", keep);
    return AuditAppender.writeReturning(
            cypher,
            "MATCH (f:RefreshFamily {u_id: $u_id}) WHERE NOT f.revoked"
                + " AND ($keep IS NULL OR f.family_id <> $keep)"
                + " SET f.revoked = true WITH count(f) AS ended WHERE ended > 0 RETURN ended",
            p,
            audit,
            r -> r.get("ended").asLong())
        .defaultIfEmpty(0L);
  }

  private static @Nullable String text(Value v) {
    return v.isNull() ? null : v.asString();
  }
}

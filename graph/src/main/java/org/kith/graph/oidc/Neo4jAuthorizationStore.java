package org.kith.graph.oidc;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.OidcEvent;
import org.kith.core.oidc.AuthorizationAsk;
import org.kith.core.oidc.AuthorizationStore;
import org.kith.core.oidc.CodeGrant;
import org.kith.core.oidc.RelyingPartyGrant;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.audit.GroupedAppends;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Mono;

/**
 * {@link AuthorizationStore} on internal nodes no analyst query can reach: {@code (:OidcRequest {request_id})},
 * {@code (:OidcCode {hash})-[:STARTED]->(:OidcGrant {grant_id})<-[:OF_GRANT]-(:OidcRefresh {hash})}. A use of a code
 * or refresh token first takes the write lock of its node, so of two concurrent uses exactly one sees it unused.
 * Thread-safe.
 */
public final class Neo4jAuthorizationStore implements AuthorizationStore {
  static final String GRANT_FIELDS =
      "g.grant_id AS grant_id, g.a_id AS a_id, g.client_id AS client_id,"
          + " g.u_id AS u_id, g.i_id AS i_id, g.scopes AS scopes, g.dpop_jkt AS dpop_jkt, g.auth_time AS auth_time,"
          + " g.created_at AS created_at, coalesce(g.amr, ['pwd']) AS amr";
  private final Cypher cypher;
  private final DisclosureCache cache;
  private final GroupedAppends audits;

  /** Without a cache: every userinfo call reads the database (an external server, or tests). */
  public Neo4jAuthorizationStore(Cypher cypher) {
    this(cypher, DisclosureCache.disabled());
  }

  /**
   * With userinfo's reads remembered while the connection's {@link
   * org.kith.graph.neo4j.DisclosureVersion} shows nothing changed them (the embedded database only).
   */
  public Neo4jAuthorizationStore(Cypher cypher, GraphConnection connection) {
    this(cypher, DisclosureCache.of(connection));
  }

  private Neo4jAuthorizationStore(Cypher cypher, DisclosureCache cache) {
    this.cypher = cypher;
    this.cache = cache;
    this.audits = new GroupedAppends(cypher);
  }

  @Override
  public Mono<Void> savePending(String requestId, AuthorizationAsk a) {
    Map<String, Object> p = new HashMap<>();
    p.put("id", requestId);
    p.put("a_id", a.aId());
    p.put("client_id", a.clientId());
    p.put("redirect_uri", a.redirectUri());
    p.put("scopes", List.copyOf(a.scopes()));
    p.put("state", a.state());
    p.put("nonce", a.nonce());
    p.put("challenge", a.codeChallenge());
    p.put("prompt", List.copyOf(a.prompt()));
    p.put("max_age", a.maxAgeSeconds());
    p.put("login_hint", a.loginHint());
    p.put("dpop_jkt", a.dpopThumbprint());
    p.put("expires", Times.toGraph(a.expiresAt()));
    return cypher.write(
        "CREATE (:OidcRequest {request_id: $id, a_id: $a_id, client_id: $client_id,"
            + " redirect_uri: $redirect_uri, scopes: $scopes, state: $state, nonce: $nonce, challenge: $challenge,"
            + " prompt: $prompt, max_age: $max_age, login_hint: $login_hint, dpop_jkt: $dpop_jkt, expires_at: $expires})",
        p);
  }

  @Override
  public Mono<AuthorizationAsk> pending(String requestId, Instant now) {
    return cypher
        .read(
            "MATCH (r:OidcRequest {request_id: $id}) WHERE r.expires_at > $now RETURN r",
            Map.of("id", requestId, "now", Objects.requireNonNull(Times.toGraph(now))),
            rec -> ask(rec.get("r")))
        .next();
  }

  @Override
  public Mono<AuthorizationAsk> takePending(String requestId, Instant now) {
    return cypher
        .write(
            "MATCH (r:OidcRequest {request_id: $id}) WITH r, r.expires_at > $now AS live,"
                + " properties(r) AS kept DETACH DELETE r WITH kept, live WHERE live RETURN kept AS r",
            Map.of("id", requestId, "now", Objects.requireNonNull(Times.toGraph(now))),
            rec -> ask(rec.get("r")))
        .next();
  }

  private static AuthorizationAsk ask(Value r) {
    return new AuthorizationAsk(
        r.get("a_id").asString(),
        r.get("client_id").asString(),
        r.get("redirect_uri").asString(),
        Set.copyOf(r.get("scopes").asList(Value::asString)),
        text(r.get("state")),
        text(r.get("nonce")),
        r.get("challenge").asString(),
        Set.copyOf(r.get("prompt").asList(Value::asString)),
        r.get("max_age").isNull() ? null : r.get("max_age").asInt(),
        text(r.get("login_hint")),
        text(r.get("dpop_jkt")),
        Objects.requireNonNull(Times.fromGraph(r.get("expires_at"))));
  }

  @Override
  public Mono<Void> saveCode(String codeHash, CodeGrant g, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("hash", codeHash);
    p.put("a_id", g.aId());
    p.put("client_id", g.clientId());
    p.put("redirect_uri", g.redirectUri());
    p.put("challenge", g.codeChallenge());
    p.put("nonce", g.nonce());
    p.put("dpop_jkt", g.dpopThumbprint());
    p.put("scopes", List.copyOf(g.scopes()));
    p.put("u_id", g.uId());
    p.put("i_id", g.iId());
    p.put("auth_time", Times.toGraph(g.authTime()));
    p.put("amr", g.amr());
    p.put("expires", Times.toGraph(g.expiresAt()));
    return AuditAppender.writeAudited(
        cypher,
        "CREATE (:OidcCode {hash: $hash, used: false, a_id: $a_id,"
            + " client_id: $client_id, redirect_uri: $redirect_uri, challenge: $challenge, nonce: $nonce,"
            + " dpop_jkt: $dpop_jkt, scopes: $scopes, u_id: $u_id, i_id: $i_id, auth_time: $auth_time, amr: $amr,"
            + " expires_at: $expires})",
        p,
        audit);
  }

  @Override
  public Mono<CodeUse> redeem(String codeHash, Instant now, Function<CodeGrant, Redeem> decide) {
    return Mono.defer(() -> {
      long tag =
          cache.tag(); // before the grant exists: anything committed meanwhile makes it stale
      return GrantTransactions.redeem(cypher, codeHash, now, decide).doOnNext(use -> {
        if (use instanceof Started started) {
          cache.putGrant(tag, started.grant());
        }
      });
    });
  }

  @Override
  public Mono<Reading> read(
      String grantId,
      Instant now,
      Function<List<ProfileObject>, ProfileObjectStore.@Nullable VisibleQuery> records,
      Function<RelyingPartyGrant, List<AuditEvent>> audit) {
    return GrantTransactions.read(cypher, cache, audits, grantId, now, records, audit);
  }

  @Override
  public Mono<RefreshUse> rotate(
      String aId,
      String presentedHash,
      @Nullable String proofThumbprint,
      String nextHash,
      Instant nextExpiresAt,
      Instant now) {
    Map<String, Object> p = new HashMap<>();
    p.put("hash", presentedHash);
    p.put("next", nextHash);
    p.put("a_id", aId);
    p.put("expires", Times.toGraph(nextExpiresAt));
    p.put("now", Times.toGraph(now));
    return cypher
        .<RefreshUse>writeTransaction(tx -> tx.runAsync(
                "MATCH (t:OidcRefresh {hash: $hash})-[:OF_GRANT]->"
                    + "(g:OidcGrant {a_id: $a_id}) SET g.version = coalesce(g.version, 0) + 1"
                    + " RETURN t.used AS used, t.expires_at <= $now AS expired, g.revoked AS revoked, "
                    + GRANT_FIELDS,
                p)
            .thenCompose(cursor -> cursor.listAsync())
            .thenCompose((List<Record> rows) -> {
              if (rows.isEmpty()) {
                return CompletableFuture.completedFuture(List.<RefreshUse>of(new RefreshUnknown()));
              }
              Record r = rows.get(0);
              RelyingPartyGrant grant = grant(r);
              if (r.get("revoked").asBoolean(false) || r.get("expired").asBoolean(false)) {
                return CompletableFuture.completedFuture(List.<RefreshUse>of(new RefreshUnknown()));
              }
              if (grant.dpopThumbprint() != null
                  && !grant.dpopThumbprint().equals(proofThumbprint)) {
                return CompletableFuture.completedFuture(
                    List.<RefreshUse>of(new RefreshKeyMismatch(proofThumbprint != null)));
              }
              if (r.get("used").asBoolean(false)) {
                return tx.runAsync(
                        "MATCH (g:OidcGrant {grant_id: $grant_id}) SET g.revoked = true",
                        Map.of("grant_id", grant.grantId()))
                    .thenCompose(cursor -> cursor.consumeAsync())
                    .thenCompose(s -> AuditAppender.append(
                        tx,
                        List.of(AuditEvent.of(
                            grant.grantId(),
                            null,
                            now,
                            new OidcEvent.GrantRevoked(aId, "refresh_token_reuse")))))
                    .thenApply(v ->
                        List.<RefreshUse>of(new RefreshReused(aId, grant.uId(), grant.grantId())));
              }
              return tx.runAsync(
                      "MATCH (t:OidcRefresh {hash: $hash})-[:OF_GRANT]->(g:OidcGrant) SET t.used = true"
                          + " CREATE (:OidcRefresh {hash: $next, used: false, expires_at: $expires})-[:OF_GRANT]->(g)",
                      p)
                  .thenCompose(cursor -> cursor.consumeAsync())
                  .thenApply(s -> List.<RefreshUse>of(new Rotated(grant)));
            }))
        .next();
  }

  @Override
  public Mono<RelyingPartyGrant> activeGrant(String grantId) {
    return cypher
        .read(
            "MATCH (g:OidcGrant {grant_id: $grant_id}) WHERE NOT g.revoked RETURN " + GRANT_FIELDS,
            Map.of("grant_id", grantId),
            Neo4jAuthorizationStore::grant)
        .next();
  }

  @Override
  public Mono<Boolean> revokeByRefresh(String aId, String refreshHash, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(
            cypher,
            "MATCH (:OidcRefresh {hash: $hash})-[:OF_GRANT]->"
                + "(g:OidcGrant {a_id: $a_id}) WHERE NOT g.revoked SET g.revoked = true RETURN g.grant_id AS grant_id",
            Map.of("hash", refreshHash, "a_id", aId),
            audit,
            r -> true)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Boolean> revoke(String aId, String grantId, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(
            cypher,
            "MATCH (g:OidcGrant {grant_id: $grant_id, a_id: $a_id})"
                + " WHERE NOT g.revoked SET g.revoked = true RETURN g.grant_id AS grant_id",
            Map.of("grant_id", grantId, "a_id", aId),
            audit,
            r -> true)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<LiveRefresh> liveRefresh(String refreshHash, Instant now) {
    return cypher
        .read(
            "MATCH (t:OidcRefresh {hash: $hash})-[:OF_GRANT]->(g:OidcGrant)"
                + " WHERE NOT t.used AND t.expires_at > $now AND NOT g.revoked RETURN t.expires_at AS expires, "
                + GRANT_FIELDS,
            Map.of("hash", refreshHash, "now", Objects.requireNonNull(Times.toGraph(now))),
            r -> new LiveRefresh(
                grant(r), Objects.requireNonNull(Times.fromGraph(r.get("expires")))))
        .next();
  }

  static RelyingPartyGrant grant(Record r) {
    return new RelyingPartyGrant(
        r.get("grant_id").asString(),
        r.get("a_id").asString(),
        r.get("client_id").asString(),
        r.get("u_id").asString(),
        r.get("i_id").asString(),
        Set.copyOf(r.get("scopes").asList(Value::asString)),
        text(r.get("dpop_jkt")),
        Objects.requireNonNull(Times.fromGraph(r.get("auth_time"))),
        Objects.requireNonNull(Times.fromGraph(r.get("created_at"))),
        r.get("amr").asList(Value::asString));
  }

  static @Nullable String text(Value v) {
    return v.isNull() ? null : v.asString();
  }
}

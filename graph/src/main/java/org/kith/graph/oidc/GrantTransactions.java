package org.kith.graph.oidc;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.OidcEvent;
import org.kith.core.consent.Transitions;
import org.kith.core.oidc.AuthorizationStore;
import org.kith.core.oidc.AuthorizationStore.CodeUse;
import org.kith.core.oidc.AuthorizationStore.Reading;
import org.kith.core.oidc.CodeGrant;
import org.kith.core.oidc.RelyingPartyGrant;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.audit.GroupedAppends;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.kith.graph.profile.ObjectReads;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.async.AsyncTransactionContext;
import reactor.core.publisher.Mono;

/**
 * {@link Neo4jAuthorizationStore}'s hot paths: a code's exchange ({@link AuthorizationStore#redeem}), one write
 * transaction, and userinfo's reads with their audit ({@link AuthorizationStore#read}).
 */
final class GrantTransactions {
  /** Whether the instance {@code i} (possibly null) is active at {@code $now}, as {@code Instance#activeAt}. */
  private static final String ACTIVE =
      "coalesce(i IS NOT NULL AND i._state <> $ended AND (i.end_date IS NULL OR i.end_date > $now), false)";

  private GrantTransactions() {}

  static Mono<CodeUse> redeem(
      Cypher cypher,
      String codeHash,
      Instant now,
      Function<CodeGrant, AuthorizationStore.Redeem> decide) {
    Map<String, Object> p =
        Map.of("hash", codeHash, "now", Objects.requireNonNull(Times.toGraph(now)));
    return cypher
        .<CodeUse>writeTransaction(tx -> tx.runAsync(
                "MATCH (c:OidcCode {hash: $hash})"
                    + " SET c.version = coalesce(c.version, 0) + 1"
                    + " RETURN c, c.expires_at <= $now AS expired",
                p)
            .thenCompose(cursor -> cursor.listAsync())
            .thenCompose((List<Record> rows) -> {
              if (rows.isEmpty()) {
                return done(new AuthorizationStore.Unknown());
              }
              Value c = rows.get(0).get("c");
              if (c.get("used").asBoolean(false)) {
                return revokeStarted(tx, c, now)
                    .thenApply(v -> List.<CodeUse>of(new AuthorizationStore.Reused(
                        c.get("a_id").asString(), c.get("u_id").asString())));
              }
              if (rows.get(0).get("expired").asBoolean(false)) {
                return done(new AuthorizationStore.Unknown());
              }
              CodeGrant code = codeGrant(c);
              AuthorizationStore.Redeem decision = decide.apply(code);
              if (decision instanceof AuthorizationStore.Refuse refuse) {
                AuthorizationStore.Refused refused =
                    new AuthorizationStore.Refused(refuse.refusal());
                return refuse.spend()
                    ? tx.runAsync("MATCH (c:OidcCode {hash: $hash}) SET c.used = true", p)
                        .thenCompose(cursor -> cursor.consumeAsync())
                        .thenApply(s -> List.<CodeUse>of(refused))
                    : done(refused);
              }
              AuthorizationStore.Start starting = (AuthorizationStore.Start) decision;
              return start(tx, codeHash, starting, now)
                  .thenApply(use -> List.<CodeUse>of(
                      use == null
                          ? new AuthorizationStore.ConsentEnded()
                          : new AuthorizationStore.Started(code, starting.grant(), use.sid())));
            }))
        .next();
  }

  private static CompletionStage<List<CodeUse>> done(CodeUse use) {
    return CompletableFuture.completedFuture(List.of(use));
  }

  /**
   * Spends the code and, if its consent instance is active, starts the grant with its first refresh token and
   * audits it; null when the instance has ended.
   */
  /** A grant started, from the Allow of Kith session {@code sid} (if it was in one). */
  private record Begun(@Nullable String sid) {}

  private static CompletionStage<@Nullable Begun> start(
      AsyncTransactionContext tx, String codeHash, AuthorizationStore.Start s, Instant now) {
    RelyingPartyGrant g = s.grant();
    Map<String, Object> p = new HashMap<>();
    p.put("code", codeHash);
    p.put("now", Times.toGraph(now));
    p.put("ended", Transitions.WITHDRAWN);
    p.put("grant_id", g.grantId());
    p.put("a_id", g.aId());
    p.put("client_id", g.clientId());
    p.put("u_id", g.uId());
    p.put("i_id", g.iId());
    p.put("scopes", List.copyOf(g.scopes()));
    p.put("dpop_jkt", g.dpopThumbprint());
    p.put("auth_time", Times.toGraph(g.authTime()));
    p.put("amr", g.amr());
    p.put("created", Times.toGraph(g.createdAt()));
    p.put("refresh", s.refreshHash());
    p.put("expires", Times.toGraph(s.refreshExpiresAt()));
    return tx.runAsync(
            "MATCH (c:OidcCode {hash: $code}) SET c.used = true"
                + " WITH c OPTIONAL MATCH (i:Instance {i_id: $i_id}) WITH c, i WHERE " + ACTIVE
                + " CREATE (c)-[:STARTED]->(g:OidcGrant {grant_id: $grant_id, a_id: $a_id, client_id: $client_id,"
                + " u_id: $u_id, i_id: $i_id, scopes: $scopes, dpop_jkt: $dpop_jkt, auth_time: $auth_time,"
                + " created_at: $created, revoked: false, amr: $amr})"
                + " CREATE (:OidcRefresh {hash: $refresh, used: false, expires_at: $expires})-[:OF_GRANT]->(g)"
                + " RETURN COLLECT { MATCH (s:OidcSession {code_hash: $code}) RETURN s.sid LIMIT 1 } AS sids",
            p)
        .thenCompose(cursor -> cursor.listAsync())
        .thenCompose(rows -> {
          if (rows.isEmpty()) {
            return CompletableFuture.<@Nullable Begun>completedFuture(null);
          }
          List<String> sids = rows.get(0).get("sids").asList(Value::asString);
          return AuditAppender.append(tx, s.audit())
              .thenApply(v -> (@Nullable Begun) new Begun(sids.isEmpty() ? null : sids.get(0)));
        });
  }

  /** A reused code: the grant its first use started is revoked, on the grant's trail, in the same transaction. */
  private static CompletionStage<Void> revokeStarted(
      AsyncTransactionContext tx, Value c, Instant now) {
    return tx.runAsync(
            "MATCH (:OidcCode {hash: $hash})-[:STARTED]->(g:OidcGrant) WHERE NOT g.revoked"
                + " SET g.revoked = true RETURN g.grant_id AS grant_id",
            Map.of("hash", c.get("hash").asString()))
        .thenCompose(cursor -> cursor.listAsync())
        .thenCompose(rows -> rows.isEmpty()
            ? CompletableFuture.<Void>completedFuture(null)
            : AuditAppender.append(
                tx,
                List.of(AuditEvent.of(
                    rows.get(0).get("grant_id").asString(),
                    null,
                    now,
                    new OidcEvent.GrantRevoked(c.get("a_id").asString(), "code_reuse")))));
  }

  private static CodeGrant codeGrant(Value c) {
    return new CodeGrant(
        c.get("a_id").asString(),
        c.get("client_id").asString(),
        c.get("redirect_uri").asString(),
        c.get("challenge").asString(),
        Neo4jAuthorizationStore.text(c.get("nonce")),
        Neo4jAuthorizationStore.text(c.get("dpop_jkt")),
        Set.copyOf(c.get("scopes").asList(Value::asString)),
        c.get("u_id").asString(),
        c.get("i_id").asString(),
        Objects.requireNonNull(Times.fromGraph(c.get("auth_time"))),
        c.get("amr").asList(Value::asString),
        Objects.requireNonNull(Times.fromGraph(c.get("expires_at"))));
  }

  /**
   * Userinfo's reads: from {@code cache} while nothing that may change them has committed, else in one
   * transaction (the grant if not revoked, its instance if active, what it exposes now, the records asked for),
   * remembered for the next call. The audit of a {@link AuthorizationStore.Read} is group-committed with other
   * callers' and durable before the reading is handed on.
   */
  static Mono<Reading> read(
      Cypher cypher,
      DisclosureCache cache,
      GroupedAppends audits,
      String grantId,
      Instant now,
      Function<List<ProfileObject>, ProfileObjectStore.@Nullable VisibleQuery> records,
      Function<RelyingPartyGrant, List<AuditEvent>> audit) {
    return Mono.defer(() -> {
          RelyingPartyGrant known = cache.grant(grantId);
          DisclosureCache.Disclosed d = known == null ? null : cache.disclosed(known, now);
          if (known != null && d != null) {
            return Mono.just((Reading)
                new AuthorizationStore.Read(known, d.ownerUId(), d.shared(), d.records()));
          }
          long tag = cache.tag();
          return looked(cypher, grantId, now, records)
              .doOnNext(l -> {
                if (l.reading() instanceof AuthorizationStore.Read read) {
                  cache.putGrant(tag, read.grant());
                  cache.putDisclosed(
                      read.grant().iId(),
                      read.grant().scopes(),
                      new DisclosureCache.Disclosed(
                          tag,
                          read.grant().aId(),
                          read.ownerUId(),
                          l.endDate(),
                          read.shared(),
                          read.records()));
                }
              })
              .map(Looked::reading);
        })
        .flatMap(reading -> reading instanceof AuthorizationStore.Read read
            ? audits.append(audit.apply(read.grant())).thenReturn(reading)
            : Mono.just(reading));
  }

  /** A reading from the database, with the instance's end date (null if open-ended or not read). */
  private record Looked(Reading reading, @Nullable Instant endDate) {}

  private static Mono<Looked> looked(
      Cypher cypher,
      String grantId,
      Instant now,
      Function<List<ProfileObject>, ProfileObjectStore.@Nullable VisibleQuery> records) {
    Map<String, Object> p = Map.of(
        "grant_id",
        grantId,
        "now",
        Objects.requireNonNull(Times.toGraph(now)),
        "ended",
        Transitions.WITHDRAWN);
    return cypher
        .<Looked>writeTransaction(tx -> tx.runAsync(
                "MATCH (g:OidcGrant {grant_id: $grant_id}) WHERE NOT g.revoked"
                    + " OPTIONAL MATCH (i:Instance {i_id: g.i_id}) WHERE i.a_id = g.a_id"
                    + " RETURN " + ACTIVE
                    + " AS active, i.owner_u_id AS owner, i.end_date AS end_date, "
                    + Neo4jAuthorizationStore.GRANT_FIELDS,
                p)
            .thenCompose(cursor -> cursor.listAsync())
            .thenCompose((List<Record> rows) -> {
              if (rows.isEmpty()) {
                return CompletableFuture.completedFuture(
                    List.of(new Looked(new AuthorizationStore.GrantRevoked(), null)));
              }
              if (!rows.get(0).get("active").asBoolean(false)) {
                return CompletableFuture.completedFuture(
                    List.of(new Looked(new AuthorizationStore.InstanceEnded(), null)));
              }
              RelyingPartyGrant grant = Neo4jAuthorizationStore.grant(rows.get(0));
              String owner = rows.get(0).get("owner").asString();
              Instant endDate = Times.fromGraph(rows.get(0).get("end_date"));
              return ObjectReads.sharedBy(tx, grant.iId(), owner, now).thenCompose(shared -> {
                ProfileObjectStore.VisibleQuery q = records.apply(shared);
                CompletionStage<List<ProfileObject>> found = q == null
                    ? CompletableFuture.completedFuture(List.of())
                    : ObjectReads.visible(tx, owner, q);
                return found.thenApply(recs -> List.of(
                    new Looked(new AuthorizationStore.Read(grant, owner, shared, recs), endDate)));
              });
            }))
        .next();
  }
}

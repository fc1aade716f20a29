package org.kith.graph.consent;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationStore;
import org.kith.core.consent.ClientAuth;
import org.kith.core.consent.WebhookEndpoint;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.ConstraintViolation;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link ApplicationStore} on {@code (:User)-[:ADMINISTERS]->(:AccessApplication {a_id, key, secret_hash, …})};
 * transitions and theme are kept as JSON text. Thread-safe.
 */
public final class Neo4jApplicationStore implements ApplicationStore {
  /** The organisation-admin role's relationship, from the authorization model. */
  private static final String ORG_ADMIN = AuthorizationModel.KITH.roleRelation(
      AuthorizationModel.ORGANISATION, AuthorizationModel.ORG_ADMIN);

  static final int MAX_LISTED = 1_000;
  /** The state in which an instance's consent has ended, from the authorization model. */
  private static final String ENDED = AuthorizationModel.KITH.endedState();

  private final Cypher cypher;

  public Neo4jApplicationStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<AccessApplication> create(
      AccessApplication app,
      @Nullable String secretHash,
      String webhookSecret,
      List<AuditEvent> audit) {
    Map<String, Object> p = properties(app);
    p.put("secret_hash", secretHash == null ? "" : secretHash);
    p.put("webhook_secret", webhookSecret);
    p.put("key", app.key());
    p.put("owner_u_id", app.ownerUId());
    p.put("org_id", app.orgId());
    p.put("created_at", Times.toGraph(app.createdAt()));
    return AuditAppender.writeAudited(
            cypher,
            "MATCH (u:User {u_id: $owner_u_id}) CREATE (a:AccessApplication)"
                + " SET a = $props, a.a_id = $a_id, a.key = $key, a.secret_hash = $secret_hash,"
                + " a.owner_u_id = $owner_u_id, a.created_at = $created_at, a.webhook_secret = $webhook_secret"
                + " CREATE (u)-[:ADMINISTERS]->(a)"
                + " WITH a OPTIONAL MATCH (o:Organisation {org_id: $org_id}) FOREACH (x IN CASE WHEN o IS NULL THEN []"
                + " ELSE [o] END | SET a.org_id = $org_id CREATE (a)-[:OWNED_BY]->(x))",
            withProps(p, app),
            audit)
        .onErrorMap(
            ConstraintViolation.class,
            e -> new IllegalStateException("application id collision", e))
        .thenReturn(app);
  }

  @Override
  public Mono<AccessApplication> find(String aId) {
    return cypher
        .read(
            "MATCH (a:AccessApplication {a_id: $a_id}) RETURN a",
            Map.of("a_id", aId),
            Neo4jApplicationStore::map)
        .next();
  }

  @Override
  public Mono<Credentials> findByKey(String key) {
    return cypher
        .read(
            "MATCH (a:AccessApplication {key: $key}) RETURN a",
            Map.of("key", key),
            r -> new Credentials(map(r), r.get("a").get("secret_hash").asString("")))
        .next();
  }

  @Override
  public Mono<List<String>> webhookSecrets(String aId, Instant now) {
    return ApplicationWebhooks.secrets(cypher, aId, now);
  }

  @Override
  public Mono<WebhookEndpoint> webhook(String aId) {
    return ApplicationWebhooks.endpoint(cypher, aId);
  }

  @Override
  public Mono<Void> setWebhook(
      String aId, @Nullable WebhookEndpoint endpoint, List<AuditEvent> audit) {
    return ApplicationWebhooks.set(cypher, aId, endpoint, audit);
  }

  @Override
  public Mono<Void> rotateWebhookSecret(
      String aId, String secret, Instant previousUntil, Instant now, List<AuditEvent> audit) {
    return ApplicationWebhooks.rotate(cypher, aId, secret, previousUntil, now, audit);
  }

  @Override
  public Flux<AccessApplication> administeredBy(String uId, @Nullable After after, int limit) {
    Map<String, Object> p = new HashMap<>();
    p.put("u_id", uId);
    p.put("after_name", after == null ? null : after.name());
    p.put("after_id", after == null ? null : after.aId());
    p.put("limit", (long) Math.min(limit, MAX_LISTED + 1));
    return cypher.read(
        "MATCH (u:User {u_id: $u_id}) CALL (u) {"
            + " MATCH (u)-[:ADMINISTERS]->(a:AccessApplication) RETURN a"
            + " UNION MATCH (u)-[:" + ORG_ADMIN
            + "]->(:Organisation)<-[:OWNED_BY]-(a:AccessApplication) RETURN a }"
            + " WITH a WHERE $after_name IS NULL OR a.name > $after_name"
            + " OR (a.name = $after_name AND a.a_id > $after_id)"
            + " RETURN a ORDER BY a.name, a.a_id LIMIT $limit",
        p,
        Neo4jApplicationStore::map);
  }

  @Override
  public Mono<Boolean> isAdmin(String aId, String uId) {
    return cypher
        .read(
            "RETURN EXISTS { (:User {u_id: $u_id})-[:ADMINISTERS]->(:AccessApplication {a_id: $a_id}) }"
                + " OR EXISTS { (:User {u_id: $u_id})-[:" + ORG_ADMIN
                + "]->(:Organisation)<-[:OWNED_BY]-(:AccessApplication"
                + " {a_id: $a_id}) } AS admin",
            Map.of("a_id", aId, "u_id", uId),
            r -> r.get("admin").asBoolean())
        .next();
  }

  @Override
  public Mono<AccessApplication> update(AccessApplication app, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
            cypher,
            "MATCH (a:AccessApplication {a_id: $a_id}) SET a += $props",
            withProps(properties(app), app),
            audit)
        .thenReturn(app);
  }

  @Override
  public Mono<Void> delete(
      String aId,
      List<AuditEvent> audit,
      Instant now,
      BiFunction<String, String, AuditEvent> instanceEnded) {
    Map<String, Object> p = Map.of("a_id", aId, "now", Times.toGraph(now), "ended", ENDED);
    // the active instances are read under the application's write lock, so none is shared with it
    // meanwhile
    return cypher
        .<Void>writeTransaction(tx -> tx.runAsync(
                "MATCH (a:AccessApplication {a_id: $a_id})"
                    + " SET a._lock = true REMOVE a._lock WITH a MATCH (i:Instance)-[:WITH]->(a)"
                    + " WHERE i._state <> $ended AND (i.end_date IS NULL OR i.end_date > $now)"
                    + " RETURN i.i_id AS i_id, i._state AS state ORDER BY i_id",
                p)
            .thenCompose(c -> c.listAsync(r ->
                instanceEnded.apply(r.get("i_id").asString(), r.get("state").asString())))
            .thenCompose(ended -> tx.runAsync(
                    "MATCH (a:AccessApplication {a_id: $a_id})"
                        + " OPTIONAL MATCH (a)<-[:OF]-(k:AppPublicKey) OPTIONAL MATCH (k)<-[:WRAPS]-(w:WrappedKey)"
                        + " DETACH DELETE w, k, a",
                    p)
                .thenCompose(c -> c.consumeAsync())
                .thenCompose(x -> {
                  List<AuditEvent> all = new java.util.ArrayList<>(audit);
                  all.addAll(ended);
                  return AuditAppender.append(tx, all);
                }))
            .thenApply(x -> List.<Void>of()))
        .then();
  }

  private static Map<String, Object> properties(AccessApplication app) {
    Map<String, Object> p = new HashMap<>();
    p.put("name", app.name());
    p.put("description", app.description());
    p.put("scopes", app.scopes());
    p.put("callback_uri", app.callbackUris());
    p.put("logout_uri", app.logoutUri());
    p.put("picture", app.picture());
    p.put("transitions", Json.write(app.transitions()));
    p.put("tags", app.tags());
    p.put("theme", Json.write(app.theme()));
    // written even when absent ("" / false), so an update that drops client keys removes them
    p.put(
        "jwks",
        app.clientAuth().jwks() == null ? "" : Json.write(app.clientAuth().jwks()));
    p.put("jwks_uri", app.clientAuth().jwksUri() == null ? "" : app.clientAuth().jwksUri());
    p.put("resource_server", app.clientAuth().resourceServer());
    p.put("require_par", app.requirePar());
    p.put("require_dpop", app.requireDpop());
    return p;
  }

  private static Map<String, Object> withProps(Map<String, Object> params, AccessApplication app) {
    Map<String, Object> props = new HashMap<>();
    properties(app).forEach((k, v) -> {
      if (v != null) {
        props.put(k, v);
      }
    });
    Map<String, Object> out = new HashMap<>(params);
    out.put("props", props);
    out.put("a_id", app.aId());
    return out;
  }

  @SuppressWarnings("unchecked")
  static AccessApplication map(Record r) {
    Value a = r.get("a");
    return new AccessApplication(
        a.get("a_id").asString(),
        a.get("name").asString(),
        a.get("description").asString(null),
        a.get("scopes").asList(Value::asString, List.of()),
        a.get("callback_uri").asList(Value::asString, List.of()),
        a.get("logout_uri").asString(null),
        a.get("picture").asString(null),
        (List<Map<String, Object>>) (List<?>) Json.readList(a.get("transitions").asString("[]")),
        a.get("tags").asList(Value::asString, List.of()),
        Json.readObject(a.get("theme").asString("{}")),
        a.get("key").asString(),
        a.get("owner_u_id").asString(),
        a.get("org_id").asString(null),
        Times.fromGraph(a.get("created_at")),
        clientAuth(a),
        a.get("require_par").asBoolean(false),
        a.get("require_dpop").asBoolean(false));
  }

  private static ClientAuth clientAuth(Value a) {
    String jwks = a.get("jwks").asString("");
    String uri = a.get("jwks_uri").asString("");
    return new ClientAuth(
        jwks.isEmpty() ? null : Json.readObject(jwks),
        uri.isEmpty() ? null : uri,
        a.get("resource_server").asBoolean(false));
  }
}

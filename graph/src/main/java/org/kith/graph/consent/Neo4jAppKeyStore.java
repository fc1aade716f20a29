package org.kith.graph.consent;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.kith.core.audit.AuditEvent;
import org.kith.core.consent.AppKeyStore;
import org.kith.core.consent.AppPublicKey;
import org.kith.core.consent.WrappedKey;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link AppKeyStore} on {@code (:AppPublicKey {n_id, a_id, jwk, thumbprint, modulus_bytes, is_default})-[:OF]->
 * (:AccessApplication)} and {@code (:User)-[:HOLDS]->(:WrappedKey {wk_id, pk_id, u_id, key})-[:WRAPS]->
 * (:AppPublicKey)}; JWKs and wrapped keys as JSON text. Both are internal nodes: never visible to analyst
 * queries. Deleting the application deletes them. Thread-safe.
 */
public final class Neo4jAppKeyStore implements AppKeyStore {
  static final int MAX_LISTED = 1_000;
  private final Cypher cypher;

  public Neo4jAppKeyStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<AppPublicKey> add(AppPublicKey key, boolean makeDefault, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("n_id", key.nId());
    p.put("a_id", key.aId());
    p.put("jwk", Json.write(key.jwk()));
    p.put("thumbprint", key.thumbprint());
    p.put("modulus_bytes", key.modulusBytes());
    p.put("created_at", Times.toGraph(key.createdAt()));
    p.put("make_default", makeDefault);
    return writeReturning(
        "MATCH (a:AccessApplication {a_id: $a_id})"
            + " OPTIONAL MATCH (a)<-[:OF]-(d:AppPublicKey {is_default: true})"
            + " WITH a, collect(d) AS defaults"
            + " WITH a, defaults, $make_default OR size(defaults) = 0 AS becomes_default"
            + " FOREACH (d IN CASE WHEN becomes_default THEN defaults ELSE [] END | SET d.is_default = false)"
            + " CREATE (k:AppPublicKey {n_id: $n_id, a_id: $a_id, jwk: $jwk, thumbprint: $thumbprint,"
            + " modulus_bytes: $modulus_bytes, created_at: $created_at, is_default: becomes_default})-[:OF]->(a)"
            + " RETURN k",
        p,
        audit,
        r -> publicKey(r.get("k")));
  }

  @Override
  public Mono<AppPublicKey> find(String nId) {
    return cypher
        .read(
            "MATCH (k:AppPublicKey {n_id: $n_id})-[:OF]->(:AccessApplication) RETURN k",
            Map.of("n_id", nId),
            r -> publicKey(r.get("k")))
        .next();
  }

  @Override
  public Mono<AppPublicKey> defaultOf(String aId) {
    return cypher
        .read(
            "MATCH (:AccessApplication {a_id: $a_id})<-[:OF]-(k:AppPublicKey {is_default: true})"
                + " RETURN k ORDER BY k.created_at DESC LIMIT 1",
            Map.of("a_id", aId),
            r -> publicKey(r.get("k")))
        .next();
  }

  @Override
  public Flux<AppPublicKey> of(String aId) {
    return cypher.read(
        "MATCH (:AccessApplication {a_id: $a_id})<-[:OF]-(k:AppPublicKey)"
            + " RETURN k ORDER BY k.created_at DESC LIMIT " + MAX_LISTED,
        Map.of("a_id", aId),
        r -> publicKey(r.get("k")));
  }

  @Override
  public Mono<WrappedKey> putWrapped(WrappedKey key, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("wk_id", key.pkId() + "/" + key.uId());
    p.put("pk_id", key.pkId());
    p.put("u_id", key.uId());
    p.put("key", Json.write(key.key()));
    p.put("stored_by", key.storedBy());
    p.put("created_at", Times.toGraph(key.createdAt()));
    return writeReturning(
        "MATCH (k:AppPublicKey {n_id: $pk_id}), (u:User {u_id: $u_id})"
            + " MERGE (u)-[:HOLDS]->(w:WrappedKey {wk_id: $wk_id})-[:WRAPS]->(k)"
            + " SET w.pk_id = $pk_id, w.u_id = $u_id, w.key = $key, w.stored_by = $stored_by, w.created_at = $created_at"
            + " RETURN w",
        p,
        audit,
        r -> wrapped(r.get("w")));
  }

  @Override
  public Mono<WrappedKey> wrappedFor(String pkId, String uId) {
    return cypher
        .read(
            "MATCH (:User {u_id: $u_id})-[:HOLDS]->(w:WrappedKey {wk_id: $wk_id}) RETURN w",
            Map.of("u_id", uId, "wk_id", pkId + "/" + uId),
            r -> wrapped(r.get("w")))
        .next();
  }

  @Override
  public Flux<String> holders(String pkId) {
    return cypher.read(
        "MATCH (u:User)-[:HOLDS]->(:WrappedKey)-[:WRAPS]->(:AppPublicKey {n_id: $pk_id})"
            + " RETURN u.u_id AS u ORDER BY u LIMIT " + MAX_LISTED,
        Map.of("pk_id", pkId),
        r -> r.get("u").asString());
  }

  private <T> Mono<T> writeReturning(
      String query,
      Map<String, Object> params,
      List<AuditEvent> audit,
      Function<Record, T> mapper) {
    return AuditAppender.writeReturning(cypher, query, params, audit, mapper);
  }

  private static AppPublicKey publicKey(Value k) {
    return new AppPublicKey(
        k.get("n_id").asString(),
        k.get("a_id").asString(),
        Json.readObject(k.get("jwk").asString()),
        k.get("thumbprint").asString(),
        k.get("modulus_bytes").asInt(),
        k.get("is_default").asBoolean(false),
        Times.fromGraph(k.get("created_at")));
  }

  private static WrappedKey wrapped(Value w) {
    return new WrappedKey(
        w.get("pk_id").asString(),
        w.get("u_id").asString(),
        Json.readObject(w.get("key").asString()),
        w.get("stored_by").asString(),
        Times.fromGraph(w.get("created_at")));
  }
}

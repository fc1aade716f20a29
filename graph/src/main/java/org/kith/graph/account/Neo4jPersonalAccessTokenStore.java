package org.kith.graph.account;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.kith.core.account.PersonalAccessTokenStore;
import org.kith.core.account.Scope;
import org.kith.core.audit.AuditEvent;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link PersonalAccessTokenStore} on internal {@code (:PersonalAccessToken)-[:PAT_OF]->(:User)} nodes. */
public final class Neo4jPersonalAccessTokenStore implements PersonalAccessTokenStore {
  private static final String RETURN =
      " RETURN p {.pat_id, .u_id, .name, .scopes, .created_at, .expires_at} AS p";
  private final Cypher cypher;

  public Neo4jPersonalAccessTokenStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<PersonalAccessToken> create(
      PersonalAccessToken token, String secretHash, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("id", token.id());
    p.put("u_id", token.uId());
    p.put("name", token.name());
    p.put("scopes", token.scopes().stream().map(Scope::wireName).sorted().toList());
    p.put("hash", secretHash);
    p.put("created", Times.toGraph(token.createdAt()));
    p.put("expires", Times.toGraph(token.expiresAt()));
    return AuditAppender.writeReturning(
        cypher,
        "MATCH (u:User {u_id: $u_id})"
            + " CREATE (p:PersonalAccessToken {pat_id: $id, u_id: $u_id, name: $name, scopes: $scopes,"
            + " secret_hash: $hash, created_at: $created, expires_at: $expires})-[:PAT_OF]->(u)"
            + RETURN,
        p,
        audit,
        Neo4jPersonalAccessTokenStore::map);
  }

  @Override
  public Flux<PersonalAccessToken> list(String uId) {
    return cypher.read(
        "MATCH (p:PersonalAccessToken {u_id: $u_id})" + RETURN + " ORDER BY p.created_at, p.pat_id",
        Map.of("u_id", uId),
        Neo4jPersonalAccessTokenStore::map);
  }

  @Override
  public Mono<PersonalAccessToken> get(String uId, String id) {
    return cypher
        .read(
            "MATCH (p:PersonalAccessToken {pat_id: $id, u_id: $u_id})" + RETURN,
            Map.of("u_id", uId, "id", id),
            Neo4jPersonalAccessTokenStore::map)
        .next();
  }

  @Override
  public Mono<Boolean> delete(String uId, String id, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(
            cypher,
            "MATCH (p:PersonalAccessToken {pat_id: $id, u_id: $u_id})"
                + " DETACH DELETE p RETURN $id AS id",
            Map.of("u_id", uId, "id", id),
            audit,
            r -> true)
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Void> deleteAll(String uId) {
    return cypher.write(
        "MATCH (p:PersonalAccessToken {u_id: $u_id}) DETACH DELETE p", Map.of("u_id", uId));
  }

  @Override
  public Mono<PersonalAccessToken> authenticate(String id, String secretHash, Instant now) {
    return cypher
        .read(
            "MATCH (p:PersonalAccessToken {pat_id: $id}) WHERE p.secret_hash = $hash"
                + " AND (p.expires_at IS NULL OR p.expires_at > $now)" + RETURN,
            Map.of("id", id, "hash", secretHash, "now", Times.toGraph(now)),
            Neo4jPersonalAccessTokenStore::map)
        .next();
  }

  private static PersonalAccessToken map(Record r) {
    Value p = r.get("p");
    Set<Scope> scopes = p.get("scopes").asList(Value::asString).stream()
        .map(Scope::fromWire)
        .flatMap(java.util.Optional::stream)
        .collect(Collectors.toSet());
    return new PersonalAccessToken(
        p.get("pat_id").asString(),
        p.get("u_id").asString(),
        p.get("name").asString(),
        scopes,
        Times.fromGraph(p.get("created_at")),
        Times.fromGraph(p.get("expires_at")));
  }
}

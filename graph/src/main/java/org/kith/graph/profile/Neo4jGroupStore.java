package org.kith.graph.profile;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.kith.core.audit.AuditEvent;
import org.kith.core.profile.Group;
import org.kith.core.profile.GroupStore;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link GroupStore} on {@code (:User)-[:BELONGS_TO]->(:Group {g_id, name, owner_u_id})}. Thread-safe. */
public final class Neo4jGroupStore implements GroupStore {
  static final int MAX_MEMBERS_LISTED = 10_000;
  private final Cypher cypher;

  public Neo4jGroupStore(Cypher cypher) {
    this.cypher = cypher;
  }

  private Mono<Void> write(String query, Map<String, Object> params, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(cypher, query, params, audit);
  }

  @Override
  public Mono<Group> create(Group group, List<AuditEvent> audit) {
    return write("MATCH (u:User {u_id: $owner}) CREATE (g:Group {g_id: $g_id, name: $name, owner_u_id: $owner,"
        + " created_at: $now}) CREATE (u)-[:BELONGS_TO]->(g)", Map.of("owner", group.ownerUId(), "g_id", group.gId(),
        "name", group.name(), "now", Times.toGraph(java.time.Instant.now())), audit).thenReturn(group);
  }

  @Override
  public Mono<Group> find(String gId) {
    return cypher.read("MATCH (g:Group {g_id: $g_id}) RETURN g", Map.of("g_id", gId), Neo4jGroupStore::map).next();
  }

  @Override
  public Flux<Group> groupsOf(String uId) {
    return cypher.read("MATCH (:User {u_id: $u_id})-[:BELONGS_TO]->(g:Group) WHERE g.g_id <> 'PUBLIC'"
        + " RETURN g ORDER BY g.name, g.g_id", Map.of("u_id", uId), Neo4jGroupStore::map);
  }

  @Override
  public Flux<String> members(String gId) {
    return cypher.read("MATCH (u:User)-[:BELONGS_TO]->(:Group {g_id: $g_id}) RETURN u.u_id AS u ORDER BY u LIMIT "
        + MAX_MEMBERS_LISTED, Map.of("g_id", gId), r -> r.get("u").asString());
  }

  @Override
  public Mono<Boolean> isMember(String gId, String uId) {
    return cypher.read("RETURN EXISTS { (:User {u_id: $u_id})-[:BELONGS_TO]->(:Group {g_id: $g_id}) } AS m",
        Map.of("g_id", gId, "u_id", uId), r -> r.get("m").asBoolean()).next();
  }

  @Override
  public Mono<Void> addMember(String gId, String uId, List<AuditEvent> audit) {
    return write("MATCH (u:User {u_id: $u_id}), (g:Group {g_id: $g_id}) MERGE (u)-[:BELONGS_TO]->(g)",
        Map.of("g_id", gId, "u_id", uId), audit);
  }

  @Override
  public Mono<Boolean> removeMember(String gId, String uId, List<AuditEvent> audit) {
    return cypher.<Boolean>writeTransaction(tx -> tx.runAsync("MATCH (:User {u_id: $u_id})-[m:BELONGS_TO]->"
                + "(:Group {g_id: $g_id}) DELETE m RETURN count(m) AS n", Map.of("g_id", gId, "u_id", uId))
            .thenCompose(c -> c.singleAsync())
            .thenCompose(r -> r.get("n").asLong() == 0
                ? java.util.concurrent.CompletableFuture.completedFuture(List.of(false))
                : AuditAppender.append(tx, audit).thenApply(x -> List.of(true))))
        .next();
  }

  @Override
  public Mono<Void> setOwner(String gId, String uId, List<AuditEvent> audit) {
    return write("MATCH (u:User {u_id: $u_id}), (g:Group {g_id: $g_id}) SET g.owner_u_id = $u_id"
        + " MERGE (u)-[:BELONGS_TO]->(g)", Map.of("g_id", gId, "u_id", uId), audit);
  }

  @Override
  public Mono<Void> delete(String gId, List<AuditEvent> audit) {
    return write("MATCH (g:Group {g_id: $g_id}) WHERE g.g_id <> 'PUBLIC' DETACH DELETE g", Map.of("g_id", gId), audit);
  }

  private static Group map(Record r) {
    var g = r.get("g").asNode();
    return new Group(g.get("g_id").asString(), g.get("name").asString(), g.get("owner_u_id").asString(null));
  }
}

package org.kith.graph.profile;

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

/**
 * {@link GroupStore} on {@code (:User)-[:BELONGS_TO]->(:Group {g_id, name, owner_u_id})}; a nested group is
 * {@code (:Group)-[:BELONGS_TO]->(:Group)}. Thread-safe.
 */
public final class Neo4jGroupStore implements GroupStore {
  private static final String BELONGS = PermissionQueries.BELONGS;
  private static final String PUBLIC = PermissionQueries.PUBLIC;
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
    return write(
            "MATCH (u:User {u_id: $owner}) CREATE (g:Group {g_id: $g_id, name: $name, owner_u_id: $owner,"
                + " created_at: $now}) CREATE (u)-[:" + BELONGS + "]->(g)",
            Map.of(
                "owner",
                group.ownerUId(),
                "g_id",
                group.gId(),
                "name",
                group.name(),
                "now",
                Times.toGraph(java.time.Instant.now())),
            audit)
        .thenReturn(group);
  }

  @Override
  public Mono<Group> find(String gId) {
    return cypher
        .read("MATCH (g:Group {g_id: $g_id}) RETURN g", Map.of("g_id", gId), Neo4jGroupStore::map)
        .next();
  }

  @Override
  public Flux<Membership> groupsOf(
      String uId, @org.jspecify.annotations.Nullable After after, int limit) {
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("u_id", uId);
    p.put("after_name", after == null ? null : after.name());
    p.put("after_id", after == null ? null : after.gId());
    p.put("limit", (long) Math.min(Math.max(limit, 1), MAX_MEMBERS_LISTED));
    return cypher.read(
        "MATCH (u:User {u_id: $u_id})" + PermissionQueries.MEMBERSHIP + "(g:Group)"
            + " WHERE g.g_id <> " + PUBLIC + " WITH DISTINCT u, g"
            + " WHERE $after_name IS NULL OR g.name > $after_name"
            + " OR (g.name = $after_name AND g.g_id > $after_id)"
            + " RETURN g, EXISTS { (u)-[:" + BELONGS
            + "]->(g) } AS direct ORDER BY g.name, g.g_id LIMIT $limit",
        p,
        r -> new Membership(map(r), r.get("direct").asBoolean()));
  }

  @Override
  public Flux<String> members(String gId) {
    return cypher.read(
        "MATCH (u:User)-[:" + BELONGS
            + "]->(:Group {g_id: $g_id}) RETURN u.u_id AS u ORDER BY u LIMIT " + MAX_MEMBERS_LISTED,
        Map.of("g_id", gId),
        r -> r.get("u").asString());
  }

  @Override
  public Flux<String> subgroups(String gId) {
    return cypher.read(
        "MATCH (c:Group)-[:" + BELONGS
            + "]->(:Group {g_id: $g_id}) RETURN c.g_id AS c ORDER BY c LIMIT " + MAX_MEMBERS_LISTED,
        Map.of("g_id", gId),
        r -> r.get("c").asString());
  }

  @Override
  public Mono<Boolean> isMember(String gId, String uId) {
    return cypher
        .read(
            "RETURN EXISTS { (:User {u_id: $u_id})" + PermissionQueries.MEMBERSHIP
                + "(:Group {g_id: $g_id}) } AS m",
            Map.of("g_id", gId, "u_id", uId),
            r -> r.get("m").asBoolean())
        .next();
  }

  /** Takes the nesting lock: nesting changes run one at a time, so each sees the others' results. */
  private static final String NESTING_LOCK = "MERGE (l:Lock {name: 'group_nesting'})"
      + " SET l.changes = coalesce(l.changes, 0) + 1 RETURN count(l) AS n";

  /**
   * Whether the child may be nested: it is not already, the outer group is not (transitively) in the child, and
   * the longest chain through the new link (groups above the outer one, the link, groups below the child) has
   * at most {@link PermissionGraph#MAX_GROUP_NESTING} hops. A path of k hops has one of every shorter length, so
   * counting the lengths that exist gives the longest.
   */
  private static final String NESTING_CHECK;

  static {
    StringBuilder up = new StringBuilder("0");
    StringBuilder down = new StringBuilder("0");
    for (int k = 1; k <= org.kith.core.profile.PermissionGraph.MAX_GROUP_NESTING; k++) {
      up.append(" + CASE WHEN EXISTS { (g)-[:" + BELONGS + "]->{")
          .append(k)
          .append("}(:Group) } THEN 1 ELSE 0 END");
      down.append(" + CASE WHEN EXISTS { (:Group)-[:" + BELONGS + "]->{")
          .append(k)
          .append("}(c) } THEN 1 ELSE 0 END");
    }
    NESTING_CHECK = "MATCH (g:Group {g_id: $g_id}), (c:Group {g_id: $child})"
        + " RETURN g.owner_u_id = $u_id AS owner,"
        + " EXISTS { MATCH (:User {u_id: $u_id})" + PermissionQueries.MEMBERSHIP
        + "(m:Group) WHERE m = c } AS member,"
        + " EXISTS { (c)-[:" + BELONGS + "]->(g) } AS already,"
        + " g = c OR EXISTS { (g)-[:" + BELONGS + "]->{1,"
        + (org.kith.core.profile.PermissionGraph.MAX_GROUP_NESTING + 1)
        + "}(c) } AS cycle, " + up + " AS up, " + down + " AS down";
  }

  @Override
  public Mono<Nesting> addSubgroup(String uId, String gId, String child, List<AuditEvent> audit) {
    Map<String, Object> params = Map.of("g_id", gId, "child", child, "u_id", uId);
    return cypher
        .<Nesting>writeTransaction(tx -> tx.runAsync(NESTING_LOCK, Map.of())
            .thenCompose(c -> c.singleAsync())
            .thenCompose(lock -> tx.runAsync(NESTING_CHECK, params))
            .thenCompose(c -> c.listAsync())
            .thenCompose(rows -> {
              Nesting verdict = nesting(rows);
              if (verdict != Nesting.ADDED) {
                return java.util.concurrent.CompletableFuture.completedFuture(List.of(verdict));
              }
              return tx.runAsync(
                      "MATCH (g:Group {g_id: $g_id}), (c:Group {g_id: $child})"
                          + " MERGE (c)-[:" + BELONGS + "]->(g)"
                          + " RETURN count(*) AS n",
                      params)
                  .thenCompose(c -> c.singleAsync())
                  .thenCompose(merged -> merged.get("n").asLong() == 0
                      // a group was deleted since the check (deletion does not take the nesting
                      // lock)
                      ? java.util.concurrent.CompletableFuture.completedFuture(
                          List.of(Nesting.NOT_FOUND))
                      : AuditAppender.append(tx, audit).thenApply(x -> List.of(Nesting.ADDED)));
            }))
        .next();
  }

  private static Nesting nesting(List<Record> rows) {
    if (rows.isEmpty()) {
      return Nesting.NOT_FOUND;
    }
    Record r = rows.get(0);
    if (!r.get("member").asBoolean()) {
      return Nesting.NOT_FOUND;
    }
    if (!r.get("owner").asBoolean(false)) {
      return Nesting.NOT_OWNER;
    }
    if (r.get("already").asBoolean()) {
      return Nesting.ALREADY;
    }
    if (r.get("cycle").asBoolean()) {
      return Nesting.CYCLE;
    }
    return r.get("up").asInt() + 1 + r.get("down").asInt()
            > org.kith.core.profile.PermissionGraph.MAX_GROUP_NESTING
        ? Nesting.TOO_DEEP
        : Nesting.ADDED;
  }

  @Override
  public Mono<Boolean> removeSubgroup(String gId, String child, List<AuditEvent> audit) {
    return deleteMembership(
        "MATCH (:Group {g_id: $member})-[m:" + BELONGS + "]->(:Group {g_id: $g_id})",
        gId,
        child,
        audit);
  }

  /** Deletes the membership {@code m} that {@code match} finds; the audit events only if there was one. */
  private Mono<Boolean> deleteMembership(
      String match, String gId, String member, List<AuditEvent> audit) {
    return cypher
        .<Boolean>writeTransaction(tx -> tx.runAsync(
                match + " DELETE m RETURN count(m) AS n", Map.of("g_id", gId, "member", member))
            .thenCompose(c -> c.singleAsync())
            .thenCompose(r -> r.get("n").asLong() == 0
                ? java.util.concurrent.CompletableFuture.completedFuture(List.of(false))
                : AuditAppender.append(tx, audit).thenApply(x -> List.of(true))))
        .next();
  }

  @Override
  public Mono<Void> addMember(String gId, String uId, List<AuditEvent> audit) {
    return write(
        "MATCH (u:User {u_id: $u_id}), (g:Group {g_id: $g_id}) MERGE (u)-[:" + BELONGS + "]->(g)",
        Map.of("g_id", gId, "u_id", uId),
        audit);
  }

  @Override
  public Mono<Boolean> removeMember(String gId, String uId, List<AuditEvent> audit) {
    return deleteMembership(
        "MATCH (:User {u_id: $member})-[m:" + BELONGS + "]->(:Group {g_id: $g_id})",
        gId,
        uId,
        audit);
  }

  @Override
  public Mono<Void> setOwner(String gId, String uId, List<AuditEvent> audit) {
    return write(
        "MATCH (u:User {u_id: $u_id}), (g:Group {g_id: $g_id}) SET g.owner_u_id = $u_id"
            + " MERGE (u)-[:" + BELONGS + "]->(g)",
        Map.of("g_id", gId, "u_id", uId),
        audit);
  }

  @Override
  public Mono<Void> delete(String gId, List<AuditEvent> audit) {
    return write(
        "MATCH (g:Group {g_id: $g_id}) WHERE g.g_id <> " + PUBLIC + " DETACH DELETE g",
        Map.of("g_id", gId),
        audit);
  }

  private static Group map(Record r) {
    var g = r.get("g").asNode();
    return new Group(
        g.get("g_id").asString(), g.get("name").asString(), g.get("owner_u_id").asString(null));
  }
}

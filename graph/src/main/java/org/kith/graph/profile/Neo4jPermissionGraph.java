package org.kith.graph.profile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Ids;
import org.kith.core.audit.AuditEvent;
import org.kith.core.authz.Access;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.authz.Permission;
import org.kith.core.authz.Revision;
import org.kith.core.authz.Subject;
import org.kith.core.profile.Grant;
import org.kith.core.profile.PermissionGraph;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link PermissionGraph} on grant relationships {@code (:User|Group)-[:<grant type> {p_id,
 * cascade}]->(:ProfileObject)}, their types and rules generated from {@link AuthorizationModel#KITH}
 * ({@link PermissionQueries}). A grant's {@code p_id} embeds its object's {@code n_id}, so finding a grant starts
 * from the indexed object. Thread-safe.
 */
public final class Neo4jPermissionGraph implements PermissionGraph {
  private static final String RETURN_GRANT = " RETURN g, type(g) AS perm, n.n_id AS n_id,"
      + " CASE WHEN s:User THEN 'USER' ELSE 'GROUP' END AS kind, coalesce(s.u_id, s.g_id) AS subject";
  private final Cypher cypher;
  private final LocalReads reads;
  private final AccessCache cache;

  /** Every statement through {@code cypher}; nothing cached. */
  public Neo4jPermissionGraph(Cypher cypher) {
    this(cypher, cypher, AccessCache.disabled());
  }

  /**
   * Writes through {@code cypher}; checks and lookups without a consistency token through {@code local} (the
   * connection's in-process Cypher), checks answered from {@code cache} while it holds a current answer.
   */
  public Neo4jPermissionGraph(Cypher cypher, Cypher local, AccessCache cache) {
    this.cypher = cypher;
    this.reads = new LocalReads(cypher, local);
    this.cache = cache;
  }

  @Override
  public Mono<Access> access(@Nullable String uId, String nId, Revision at) {
    // at subscription: the tag must be taken right before the query, not when the Mono was
    // assembled
    return Mono.defer(() -> {
      java.util.Optional<Access> cached = cache.get(uId, nId);
      if (cached.isPresent()) {
        return Mono.just(cached.get());
      }
      long tag = cache.tag(uId);
      Map<String, Object> p = new HashMap<>();
      p.put("u_id", uId);
      p.put("n_id", nId);
      return at.apply(reads
          .read(
              PermissionQueries.ACCESS,
              p,
              r -> new Access(true, Permission.highest(r.get("perms").asList(Value::asString))))
          .next()
          .defaultIfEmpty(Access.NONE)
          .doOnNext(a -> cache.put(uId, nId, tag, a)));
    });
  }

  @Override
  public Mono<Page> lookupResources(
      @Nullable String uId,
      Permission needed,
      String type,
      @Nullable String cursor,
      int limit,
      Revision at) {
    if (!AuthorizationModel.PROFILE_OBJECT.equals(type)) {
      return Mono.error(new IllegalArgumentException("no lookup of " + type));
    }
    Map<String, Object> p = new HashMap<>();
    p.put("u_id", uId);
    p.put("cursor", cursor);
    p.put("ids", List.of());
    p.put("labels", List.of());
    p.put("perms", AuthorizationModel.KITH.grantTypesIncluding(needed));
    p.put("limit", limit + 1);
    return at.apply(reads
        .read(PermissionQueries.VISIBLE, p, r -> r.get("n").asNode().get("n_id").asString())
        .collectList()
        .map(ids -> ids.size() > limit
            ? new Page(ids.subList(0, limit), ids.get(limit - 1))
            : new Page(ids, null)));
  }

  @Override
  public Flux<Subject> lookupSubjects(String nId, Permission needed, Revision at) {
    Map<String, Object> p =
        Map.of("n_id", nId, "perms", AuthorizationModel.KITH.grantTypesIncluding(needed));
    return at.apply(cypher
            .read(
                PermissionQueries.LOOKUP_SUBJECTS,
                p,
                r -> "USER".equals(r.get("kind").asString())
                    ? Subject.user(r.get("id").asString())
                    : Subject.group(r.get("id").asString()))
            .collectList())
        .flatMapIterable(list -> list);
  }

  @Override
  public Mono<Boolean> subjectExists(Subject subject) {
    String q = subject.kind() == Subject.Kind.USER
        ? "MATCH (s:User {u_id: $id}) RETURN count(s) > 0 AS e"
        : "MATCH (s:Group {g_id: $id}) RETURN count(s) > 0 AS e";
    return cypher
        .read(q, Map.of("id", subject.id()), r -> r.get("e").asBoolean())
        .next();
  }

  @Override
  public Mono<Grant> grant(Grant grant, List<AuditEvent> audit) {
    String match = grant.subject().kind() == Subject.Kind.USER
        ? "MATCH (s:User {u_id: $subject})"
        : "MATCH (s:Group {g_id: $subject})";
    // the type comes from the Permission enum, never from input
    String q = match + " MATCH (n:ProfileObject {n_id: $n_id}) MERGE (s)-[g:"
        + grant.permission().name() + "]->(n)"
        + " ON CREATE SET g.p_id = $p_id, g.created_at = $now SET "
        + PermissionQueries.cascades("g") + " = $cascade"
        + RETURN_GRANT;
    Map<String, Object> p = Map.of(
        "subject",
        grant.subject().id(),
        "n_id",
        grant.nId(),
        "p_id",
        grant.pId(),
        "cascade",
        grant.cascade(),
        "now",
        Times.toGraph(java.time.Instant.now()));
    return cypher
        .<Grant>writeTransaction(tx -> tx.runAsync(q, p)
            .thenCompose(c -> c.listAsync(Neo4jPermissionGraph::map))
            .thenCompose(grants -> AuditAppender.append(tx, audit).thenApply(x -> grants)))
        .next();
  }

  @Override
  public Flux<Grant> grants(String nId) {
    return cypher.read(
        "MATCH (n:ProfileObject {n_id: $n_id})<-[g:" + PermissionQueries.GRANTS + "]-(s)"
            + RETURN_GRANT + " ORDER BY g.created_at, g.p_id",
        Map.of("n_id", nId),
        Neo4jPermissionGraph::map);
  }

  @Override
  public Mono<Grant> findGrant(String pId) {
    return Mono.justOrEmpty(Ids.parentOf(pId))
        .flatMap(nId -> cypher
            .read(
                "MATCH (n:ProfileObject {n_id: $n_id})<-[g:" + PermissionQueries.GRANTS
                    + "]-(s) WHERE g.p_id = $p_id" + RETURN_GRANT,
                Map.of("n_id", nId, "p_id", pId),
                Neo4jPermissionGraph::map)
            .next());
  }

  @Override
  public Mono<Void> revoke(String pId, List<AuditEvent> audit) {
    String nId = Ids.parentOf(pId).orElse("");
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (n:ProfileObject {n_id: $n_id})" + "<-[g:" + PermissionQueries.GRANTS
            + "]-() WHERE g.p_id = $p_id DELETE g",
        Map.of("n_id", nId, "p_id", pId),
        audit);
  }

  @Override
  public Mono<Grant> owner(String nId) {
    return cypher
        .read(
            "MATCH (n:ProfileObject {n_id: $n_id})<-[g:" + PermissionQueries.OWNER + "]-(s:User)"
                + RETURN_GRANT,
            Map.of("n_id", nId),
            Neo4jPermissionGraph::map)
        .next();
  }

  @Override
  public Mono<Grant> setOwner(String nId, String uId, String pId, List<AuditEvent> audit) {
    Map<String, Object> p = Map.of(
        "n_id", nId, "u_id", uId, "p_id", pId, "now", Times.toGraph(java.time.Instant.now()));
    return cypher
        .<Grant>writeTransaction(tx -> tx.runAsync(
                "MATCH (n:ProfileObject {n_id: $n_id})"
                    + " MATCH (s:User {u_id: $u_id})"
                    + " OPTIONAL MATCH (n)<-[old:" + PermissionQueries.OWNER + "]-() DELETE old"
                    + " WITH DISTINCT n, s CREATE "
                    + PermissionQueries.ownerGrant("s", "g", "n", "$p_id")
                    + RETURN_GRANT,
                p)
            .thenCompose(c -> c.listAsync(Neo4jPermissionGraph::map))
            .thenCompose(grants -> AuditAppender.append(tx, audit).thenApply(x -> grants)))
        .next();
  }

  static Grant map(Record r) {
    Subject subject = "USER".equals(r.get("kind").asString())
        ? Subject.user(r.get("subject").asString())
        : Subject.group(r.get("subject").asString());
    var g = r.get("g").asRelationship();
    return new Grant(
        g.get("p_id").asString(),
        subject,
        Permission.parse(r.get("perm").asString()).orElseThrow(),
        g.get(AuthorizationModel.KITH.cascadeMarker()).asBoolean(false),
        r.get("n_id").asString());
  }
}

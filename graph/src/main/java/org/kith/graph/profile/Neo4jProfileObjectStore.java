package org.kith.graph.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.kith.core.Ids;
import org.kith.core.audit.AuditEvent;
import org.kith.core.authz.Access;
import org.kith.core.authz.Permission;
import org.kith.core.profile.DocumentRef;
import org.kith.core.profile.ProfileChange;
import org.kith.core.profile.ProfileObject;
import org.kith.core.profile.ProfileObjectStore;
import org.kith.core.profile.Relationship;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.consent.SharedObjectEvents;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.Node;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link ProfileObjectStore} on {@code (:ProfileObject:<schema>:<labels>)} nodes. The label order is kept
 * in {@code _labels}; relationships carry their JSON in {@code _json}. Thread-safe.
 */
public final class Neo4jProfileObjectStore implements ProfileObjectStore {
  private static final String UPDATED = "updated";

  private final Cypher cypher;
  private final LocalReads reads;
  private final AccessCache cache;

  /** Every statement through {@code cypher}; nothing cached. */
  public Neo4jProfileObjectStore(Cypher cypher) {
    this(cypher, cypher, AccessCache.disabled());
  }

  /**
   * Writes through {@code cypher}; permission-checked reads without a consistency token through {@code local} (the
   * connection's in-process Cypher), their checks answered from {@code cache} (shared with the permission graph)
   * while it holds a current answer.
   */
  public Neo4jProfileObjectStore(Cypher cypher, Cypher local, AccessCache cache) {
    this.cypher = cypher;
    this.reads = new LocalReads(cypher, local);
    this.cache = cache;
  }

  static Map<String, Object> nodeProperties(ProfileObject o) {
    Map<String, Object> internal = new HashMap<>();
    internal.put("n_id", o.nId());
    internal.put("_schema", o.schema());
    internal.put("_labels", o.labels());
    internal.put("_created_at", Times.toGraph(o.createdAt()));
    internal.put("_updated_at", Times.toGraph(o.updatedAt()));
    if (o.document() != null) {
      internal.put("_doc_sha", o.document().sha256());
      internal.put("_doc_type", o.document().contentType());
      internal.put("_doc_size", o.document().size());
    }
    return GraphValues.withCopies(o.properties(), internal);
  }

  @Override
  public Mono<Void> create(String ownerUId, List<ProfileObject> objects, List<AuditEvent> audit) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ProfileObject o : objects) {
      rows.add(Map.of(
          "props", nodeProperties(o), "labels", o.labels(), "owner_pid", Ids.childId(o.nId())));
    }
    Map<String, Object> p = Map.of(
        "u_id", ownerUId, "rows", rows, "now", Times.toGraph(objects.get(0).createdAt()));
    java.util.Set<String> ids = new java.util.HashSet<>();
    objects.forEach(o -> ids.add(o.nId()));
    return cypher
        .<Void>writeTransaction(tx -> tx.runAsync(
                "MATCH (u:User {u_id: $u_id}) UNWIND $rows AS r"
                    + " CREATE (n:ProfileObject) SET n = r.props SET n:$(r.labels)"
                    + " CREATE " + PermissionQueries.ownerGrant("u", "", "n", "r.owner_pid")
                    + " RETURN count(n) AS created",
                p)
            .thenCompose(c -> c.singleAsync())
            .thenCompose(r -> {
              if (r.get("created").asInt() != objects.size()) {
                throw new IllegalStateException("owner account missing");
              }
              // the objects are new: each audit chain starts here (a second event per object takes
              // the general path)
              boolean firstOfEach =
                  audit.stream().map(AuditEvent::subject).distinct().count() == audit.size()
                      && audit.stream().allMatch(e -> ids.contains(e.subject()));
              return firstOfEach
                  ? AuditAppender.appendFirst(tx, audit)
                  : AuditAppender.append(tx, audit);
            })
            .thenApply(v -> List.of()))
        .then();
  }

  @Override
  public Mono<ProfileObject> find(String nId) {
    return cypher
        .read(
            "MATCH (n:ProfileObject {n_id: $id}) RETURN n", Map.of("id", nId), r -> map(r.get("n")))
        .next();
  }

  @Override
  public Mono<VisibleObject> findWithAccess(@Nullable String uId, String nId) {
    // at subscription: the tag must be taken right before the query, not when the Mono was
    // assembled
    return Mono.defer(() -> {
      Optional<Access> cached = cache.get(uId, nId);
      if (cached.isPresent()) {
        // the check is current: only the object is read (a deleted object moves the version, and is
        // not found)
        Optional<Permission> held = cached.get().permission();
        return reads
            .read(FIND, Map.of("id", nId), r -> new VisibleObject(map(r.get("n")), held))
            .next();
      }
      long tag = cache.tag(uId);
      Map<String, Object> p = new HashMap<>();
      p.put("u_id", uId);
      p.put("n_id", nId);
      return reads
          .read(
              PermissionQueries.ACCESS_WITH_OBJECT,
              p,
              r -> new VisibleObject(
                  map(r.get("n")), Permission.highest(r.get("perms").asList(Value::asString))))
          .next()
          .doOnNext(v -> cache.put(uId, nId, tag, new Access(true, v.held())));
    });
  }

  private static final String FIND = "MATCH (n:ProfileObject {n_id: $id}) RETURN n";

  @Override
  public Flux<ProfileObject> findAll(Collection<String> nIds) {
    return cypher.read(
        "MATCH (n:ProfileObject) WHERE n.n_id IN $ids RETURN n",
        Map.of("ids", List.copyOf(nIds)),
        r -> map(r.get("n")));
  }

  @Override
  public Flux<ProfileObject> sharedBy(String iId, String sharerUId, Instant now) {
    return cypher.read(
        PermissionQueries.SHARED_BY,
        Map.of("i_id", iId, "u_id", sharerUId, "now", Times.toGraph(now)),
        r -> map(r.get("n")));
  }

  @Override
  public Mono<ProfileObject> update(
      String nId,
      List<String> labels,
      Map<String, Object> properties,
      Instant now,
      List<AuditEvent> audit) {
    return cypher
        .<ProfileObject>writeTransaction(tx -> tx.runAsync(
                "MATCH (n:ProfileObject {n_id: $id}) RETURN n", Map.of("id", nId))
            .thenCompose(c -> c.listAsync(r -> map(r.get("n"))))
            .thenCompose(found -> {
              if (found.isEmpty()) {
                return java.util.concurrent.CompletableFuture.completedFuture(
                    List.<ProfileObject>of());
              }
              ProfileObject old = found.get(0);
              ProfileObject updated = new ProfileObject(
                  nId, labels, old.schema(), properties, old.document(), old.createdAt(), now);
              return tx.runAsync(
                      "MATCH (n:ProfileObject {n_id: $id})"
                          + " WITH n, [l IN labels(n) WHERE l <> 'ProfileObject'] AS old REMOVE n:$(old)"
                          + " SET n = $props SET n:ProfileObject:$($labels)",
                      Map.of("id", nId, "props", nodeProperties(updated), "labels", labels))
                  .thenCompose(c -> c.consumeAsync())
                  .thenCompose(x -> SharedObjectEvents.append(tx, List.of(nId), UPDATED, now))
                  .thenCompose(x -> AuditAppender.append(tx, audit))
                  .thenApply(x -> List.of(updated));
            }))
        .next();
  }

  @Override
  public Mono<List<ProfileObject>> updateAll(
      List<ProfileChange> changes, Instant now, List<AuditEvent> audit) {
    List<String> ids = changes.stream().map(ProfileChange::nId).toList();
    return cypher
        .<List<ProfileObject>>writeTransaction(tx -> tx.runAsync(
                // the SET takes each object's write lock until commit: a concurrent delete waits,
                // so
                // every object read here is still there when it is written below
                "MATCH (n:ProfileObject) WHERE n.n_id IN $ids"
                    + " SET n._update_lock = true REMOVE n._update_lock RETURN n",
                Map.of("ids", ids))
            .thenCompose(c -> c.listAsync(r -> map(r.get("n"))))
            .thenCompose(found -> {
              if (found.size() != ids.size()) {
                return CompletableFuture.completedFuture(List.<List<ProfileObject>>of());
              }
              Map<String, ProfileObject> old = new HashMap<>();
              found.forEach(o -> old.put(o.nId(), o));
              List<ProfileObject> updated = new ArrayList<>();
              List<Map<String, Object>> rows = new ArrayList<>();
              for (ProfileChange ch : changes) {
                ProfileObject was = old.get(ch.nId());
                ProfileObject fresh = new ProfileObject(
                    ch.nId(),
                    Objects.requireNonNull(ch.labels()),
                    was.schema(),
                    ch.properties(),
                    was.document(),
                    was.createdAt(),
                    now);
                updated.add(fresh);
                rows.add(Map.of(
                    "id", ch.nId(), "props", nodeProperties(fresh), "labels", fresh.labels()));
              }
              return tx.runAsync(
                      "UNWIND $rows AS row MATCH (n:ProfileObject {n_id: row.id})"
                          + " WITH n, row, [l IN labels(n) WHERE l <> 'ProfileObject'] AS old"
                          + " REMOVE n:$(old) SET n = row.props SET n:ProfileObject:$(row.labels)",
                      Map.of("rows", rows))
                  .thenCompose(c -> c.consumeAsync())
                  .thenCompose(x -> SharedObjectEvents.append(tx, ids, UPDATED, now))
                  .thenCompose(x -> AuditAppender.append(tx, audit))
                  .thenApply(x -> List.of(List.copyOf(updated)));
            }))
        .next();
  }

  @Override
  public Mono<Optional<DocumentRef>> delete(String nId, Instant now, List<AuditEvent> audit) {
    return cypher
        .<Optional<DocumentRef>>writeTransaction(tx -> SharedObjectEvents.append(
                tx, List.of(nId), "deleted", now)
            .thenCompose(x -> tx.runAsync(
                "MATCH (n:ProfileObject {n_id: $id})"
                    + " WITH n, n._doc_sha AS sha, n._doc_type AS type, n._doc_size AS size DETACH DELETE n"
                    + " RETURN sha, type, size",
                Map.of("id", nId)))
            .thenCompose(c -> c.listAsync(r -> r.get("sha").isNull()
                ? Optional.<DocumentRef>empty()
                : Optional.of(new DocumentRef(
                    r.get("sha").asString(),
                    r.get("type").asString(),
                    r.get("size").asLong()))))
            .thenCompose(docs -> AuditAppender.append(tx, audit).thenApply(x -> docs)))
        .next()
        .defaultIfEmpty(Optional.empty());
  }

  @Override
  public Mono<Long> documentReferences(String sha256) {
    return cypher
        .read(
            "MATCH (n:ProfileObject {_doc_sha: $sha}) RETURN count(n) AS n",
            Map.of("sha", sha256),
            r -> r.get("n").asLong())
        .next();
  }

  @Override
  public Flux<VisibleObject> visible(@Nullable String uId, VisibleQuery q) {
    Map<String, Object> p = ObjectReads.visibleParams(uId, q);
    Map<String, Object> stats = new HashMap<>();
    stats.put("u_id", uId);
    // two plans for one answer: collect-and-sort what the grants reach (few grants), or walk the
    // n_id
    // index and filter (many grants, dense): both return the same page, the cheaper one is chosen
    return reads
        .read(PermissionQueries.PAGE_STATS, stats, r -> {
          boolean byIndex =
              ObjectReads.byIndex(r.get("grants").asLong(), r.get("total").asLong());
          return byIndex ? r.get("g_ids").asList(Value::asString) : List.<String>of("-");
        })
        .next()
        .flatMapMany(groups -> {
          boolean byIndex = !groups.equals(List.of("-"));
          if (byIndex) {
            p.put("g_ids", groups);
          }
          return reads.read(
              byIndex ? PermissionQueries.VISIBLE_BY_INDEX : PermissionQueries.VISIBLE,
              p,
              r -> new VisibleObject(
                  map(r.get("n")),
                  Permission.highest(r.get("perms").asList(Value::asString)).orElseThrow()));
        });
  }

  @Override
  public Flux<Relationship> relationshipsAmong(Collection<String> nIds) {
    if (nIds.isEmpty()) {
      return Flux.empty();
    }
    return reads.read(
        "MATCH (a:ProfileObject)-[r]->(b:ProfileObject) WHERE a.n_id IN $ids AND b.n_id IN $ids"
            + " RETURN r, a.n_id AS start, b.n_id AS end ORDER BY r.p_id",
        Map.of("ids", List.copyOf(nIds)),
        Neo4jProfileObjectStore::relationship);
  }

  @Override
  public Flux<Relationship> relationshipsOf(String nId, int limit) {
    return cypher.read(
        "MATCH (n:ProfileObject {n_id: $id})-[r]-(:ProfileObject)"
            + " RETURN r, startNode(r).n_id AS start, endNode(r).n_id AS end ORDER BY r.p_id LIMIT $limit",
        Map.of("id", nId, "limit", (long) limit),
        Neo4jProfileObjectStore::relationship);
  }

  @Override
  public Mono<Relationship> relate(Relationship r, List<AuditEvent> audit) {
    Map<String, Object> props = GraphValues.withCopies(r.properties(), Map.of("p_id", r.pId()));
    return cypher
        .<Relationship>writeTransaction(tx -> tx.runAsync(
                "MATCH (a:ProfileObject {n_id: $from}),"
                    + " (b:ProfileObject {n_id: $to}) CREATE (a)-[r:$($type)]->(b) SET r = $props"
                    + " RETURN r, a.n_id AS start, b.n_id AS end",
                Map.of("from", r.start(), "to", r.end(), "type", r.type(), "props", props))
            .thenCompose(c -> c.listAsync(Neo4jProfileObjectStore::relationship))
            .thenCompose(rels -> AuditAppender.append(tx, audit).thenApply(x -> rels)))
        .next();
  }

  @Override
  public Mono<Relationship> findRelationship(String pId) {
    return Mono.justOrEmpty(Ids.parentOf(pId))
        .flatMap(start -> cypher
            .read(
                "MATCH (a:ProfileObject {n_id: $start})-[r]->(b:ProfileObject) WHERE r.p_id = $p"
                    + " RETURN r, a.n_id AS start, b.n_id AS end",
                Map.of("start", start, "p", pId),
                Neo4jProfileObjectStore::relationship)
            .next());
  }

  @Override
  public Mono<Void> unrelate(String pId, List<AuditEvent> audit) {
    String start = Ids.parentOf(pId).orElse("");
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (:ProfileObject {n_id: $start})-[r]->(:ProfileObject)"
            + " WHERE r.p_id = $p DELETE r",
        Map.of("start", start, "p", pId),
        audit);
  }

  static ProfileObject map(Value value) {
    Node n = value.asNode();
    DocumentRef doc = n.get("_doc_sha").isNull()
        ? null
        : new DocumentRef(
            n.get("_doc_sha").asString(),
            n.get("_doc_type").asString(),
            n.get("_doc_size").asLong());
    return new ProfileObject(
        n.get("n_id").asString(),
        n.get("_labels").asList(Value::asString),
        n.get("_schema").asString(),
        Json.readObject(n.get("_json").asString()),
        doc,
        Times.fromGraph(n.get("_created_at")),
        Times.fromGraph(n.get("_updated_at")));
  }

  static Relationship relationship(Record r) {
    var rel = r.get("r").asRelationship();
    Value json = rel.get("_json");
    return new Relationship(
        rel.get("p_id").asString(),
        rel.type(),
        r.get("start").asString(),
        r.get("end").asString(),
        json.isNull() ? Map.of() : Json.readObject(json.asString()));
  }
}

package org.kith.graph.org;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.kith.core.audit.AuditEvent;
import org.kith.core.org.ShortLink;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Short links in the graph: {@code (:ShortLink {link_id, url, description, persist, created_at})-[:OF]->} the
 * organisation ({@code org_id}) or the person ({@code owner_u_id}) it belongs to.
 */
final class ShortLinks {
  private ShortLinks() {}

  static Mono<Void> create(Cypher cypher, ShortLink link, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("link_id", link.linkId());
    p.put("org_id", link.orgId());
    p.put("url", link.url());
    p.put("description", link.description());
    p.put("persist", link.persist());
    p.put("created_at", Times.toGraph(link.createdAt()));
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (o:Organisation {org_id: $org_id}) CREATE (:ShortLink"
            + " {link_id: $link_id, org_id: $org_id, url: $url, description: $description, persist: $persist,"
            + " created_at: $created_at})-[:OF]->(o)",
        p,
        audit);
  }

  static Mono<Boolean> createPersonal(
      Cypher cypher, ShortLink link, int max, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("link_id", link.linkId());
    p.put("u", link.ownerUId());
    p.put("url", link.url());
    p.put("description", link.description());
    p.put("persist", link.persist());
    p.put("created_at", Times.toGraph(link.createdAt()));
    p.put("max", (long) max);
    // the SET takes the person's write lock, so two creates at once cannot both pass the count
    return cypher
        .<Boolean>writeTransaction(tx -> tx.runAsync(
                "MATCH (u:User {u_id: $u}) SET u._links_lock = true REMOVE u._links_lock"
                    + " WITH u WHERE COUNT { (:ShortLink)-[:OF]->(u) } < $max"
                    + " CREATE (:ShortLink {link_id: $link_id, owner_u_id: $u, url: $url,"
                    + " description: $description, persist: $persist, created_at: $created_at})-[:OF]->(u)"
                    + " RETURN true AS made",
                p)
            .thenCompose(c -> c.listAsync())
            .thenCompose(rows -> rows.isEmpty()
                ? CompletableFuture.completedFuture(List.of(false))
                : AuditAppender.append(tx, audit).thenApply(x -> List.of(true))))
        .next();
  }

  static Mono<ShortLink> find(Cypher cypher, String linkId) {
    return cypher
        .read(
            "MATCH (l:ShortLink {link_id: $id}) RETURN l",
            Map.of("id", linkId),
            r -> map(r.get("l")))
        .next();
  }

  /** A person's own links, oldest first, at most {@code max}. */
  static Flux<ShortLink> personal(Cypher cypher, String uId, int max) {
    return cypher.read(
        "MATCH (l:ShortLink)-[:OF]->(:User {u_id: $u}) RETURN l"
            + " ORDER BY l.created_at, l.link_id LIMIT $max",
        Map.of("u", uId, "max", (long) max),
        r -> map(r.get("l")));
  }

  private static ShortLink map(Value l) {
    return new ShortLink(
        l.get("link_id").asString(),
        l.get("org_id").asString(null),
        l.get("owner_u_id").asString(null),
        l.get("url").asString(),
        l.get("description").asString(null),
        l.get("persist").asBoolean(false),
        Times.fromGraph(l.get("created_at")));
  }
}

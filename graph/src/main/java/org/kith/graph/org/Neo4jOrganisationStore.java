package org.kith.graph.org;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.kith.core.audit.AuditEvent;
import org.kith.core.org.Organisation;
import org.kith.core.org.OrganisationStore;
import org.kith.core.org.ShortLink;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link OrganisationStore} on {@code (:User)-[:MEMBER_OF|ADMIN_OF]->(:Organisation)},
 * {@code (:OrgInvite {code_hash, email, expires_at})-[:TO]->(:Organisation)} and
 * {@code (:ShortLink {link_id, url})-[:OF]->(:Organisation)}. Thread-safe.
 */
public final class Neo4jOrganisationStore implements OrganisationStore {
  static final int MAX_MEMBERS = 10_000;
  private final Cypher cypher;

  public Neo4jOrganisationStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<Organisation> create(Organisation org, String adminUId, List<AuditEvent> audit) {
    Map<String, Object> p = props(org);
    p.put("admin", adminUId);
    return AuditAppender.writeAudited(cypher, "MATCH (u:User {u_id: $admin}) CREATE (o:Organisation {org_id: $org_id,"
        + " name: $name, email: $email, address: $address, customer: $customer, created_at: $created_at})"
        + " CREATE (u)-[:ADMIN_OF]->(o) CREATE (u)-[:MEMBER_OF]->(o)", p, audit).thenReturn(org);
  }

  @Override
  public Mono<Organisation> find(String orgId) {
    return cypher.read("MATCH (o:Organisation {org_id: $org_id}) RETURN o", Map.of("org_id", orgId),
        Neo4jOrganisationStore::map).next();
  }

  @Override
  public Mono<Organisation> update(Organisation org, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(cypher, "MATCH (o:Organisation {org_id: $org_id}) SET o.name = $name,"
        + " o.email = $email, o.address = $address, o.customer = $customer", props(org), audit).thenReturn(org);
  }

  @Override
  public Mono<String> role(String orgId, String uId) {
    return cypher.read("MATCH (u:User {u_id: $u_id})-[r:MEMBER_OF|ADMIN_OF]->(:Organisation {org_id: $org_id})"
        + " WITH collect(type(r)) AS types WHERE size(types) > 0"
        + " RETURN CASE WHEN 'ADMIN_OF' IN types THEN 'admin' ELSE 'member' END AS role",
        Map.of("org_id", orgId, "u_id", uId), r -> r.get("role").asString()).next();
  }

  @Override
  public Flux<Member> members(String orgId) {
    return cypher.read("MATCH (u:User)-[:MEMBER_OF]->(o:Organisation {org_id: $org_id})"
        + " RETURN u.u_id AS u_id, u.username AS username, EXISTS { (u)-[:ADMIN_OF]->(o) } AS admin"
        + " ORDER BY username LIMIT " + MAX_MEMBERS, Map.of("org_id", orgId),
        r -> new Member(r.get("u_id").asString(), r.get("username").asString(), r.get("admin").asBoolean()));
  }

  @Override
  public Mono<Void> invite(String orgId, String email, String codeHash, Instant expiresAt, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(cypher, "MATCH (o:Organisation {org_id: $org_id}) CREATE (:OrgInvite"
        + " {code_hash: $hash, email: $email, expires_at: $expires})-[:TO]->(o)", Map.of("org_id", orgId,
        "hash", codeHash, "email", email, "expires", Times.toGraph(expiresAt)), audit);
  }

  @Override
  public Mono<Boolean> invited(String codeHash, String email, Instant now) {
    return cypher.read("RETURN EXISTS { MATCH (i:OrgInvite {code_hash: $hash}) WHERE i.email = $email"
        + " AND i.expires_at > $now } AS ok", Map.of("hash", codeHash, "email", email, "now", Times.toGraph(now)),
        r -> r.get("ok").asBoolean()).next();
  }

  @Override
  public Mono<Boolean> redeem(String codeHash, String email, String uId, Instant now, List<AuditEvent> audit) {
    return cypher.<Boolean>writeTransaction(tx -> tx.runAsync("MATCH (i:OrgInvite {code_hash: $hash})-[:TO]->(o)"
                + " WHERE i.email = $email AND i.expires_at > $now MATCH (u:User {u_id: $u_id})"
                + " MERGE (u)-[:MEMBER_OF]->(o) DETACH DELETE i RETURN o.org_id AS org_id",
                Map.of("hash", codeHash, "email", email, "now", Times.toGraph(now), "u_id", uId))
            .thenCompose(c -> c.listAsync())
            .thenCompose(rows -> rows.isEmpty() ? CompletableFuture.completedFuture(List.of(false))
                : AuditAppender.append(tx, List.of(AuditEvent.of(rows.get(0).get("org_id").asString(), "org_join",
                    uId, now, Map.of("u_id", uId)))).thenApply(x -> List.of(true))))
        .next();
  }

  @Override
  public Mono<Void> createLink(ShortLink link, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("link_id", link.linkId());
    p.put("org_id", link.orgId());
    p.put("url", link.url());
    p.put("description", link.description());
    p.put("persist", link.persist());
    p.put("created_at", Times.toGraph(link.createdAt()));
    return AuditAppender.writeAudited(cypher, "MATCH (o:Organisation {org_id: $org_id}) CREATE (:ShortLink"
        + " {link_id: $link_id, org_id: $org_id, url: $url, description: $description, persist: $persist,"
        + " created_at: $created_at})-[:OF]->(o)", p, audit);
  }

  @Override
  public Mono<ShortLink> findLink(String linkId) {
    return cypher.read("MATCH (l:ShortLink {link_id: $id}) RETURN l", Map.of("id", linkId), r -> {
      Value l = r.get("l");
      return new ShortLink(l.get("link_id").asString(), l.get("org_id").asString(), l.get("url").asString(),
          l.get("description").asString(null), l.get("persist").asBoolean(false), Times.fromGraph(l.get("created_at")));
    }).next();
  }

  private static Map<String, Object> props(Organisation org) {
    Map<String, Object> p = new HashMap<>();
    p.put("org_id", org.orgId());
    p.put("name", org.name());
    p.put("email", org.email());
    p.put("address", org.address());
    p.put("customer", org.customer());
    p.put("created_at", Times.toGraph(org.createdAt()));
    return p;
  }

  static Organisation map(Record r) {
    Value o = r.get("o");
    return new Organisation(o.get("org_id").asString(), o.get("name").asString(), o.get("email").asString(),
        o.get("address").asString(null), o.get("customer").asString(null), Times.fromGraph(o.get("created_at")));
  }
}

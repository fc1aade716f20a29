package org.kith.graph.org;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.OrganisationEvent;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.org.ApplicationRequest;
import org.kith.core.org.Domain;
import org.kith.core.org.Organisation;
import org.kith.core.org.OrganisationStore;
import org.kith.core.org.PostalAddress;
import org.kith.core.org.ShortLink;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link OrganisationStore} on {@code (:User)-[:MEMBER_OF|ADMIN_OF]->(:Organisation)},
 * {@code (:OrgInvite {code_hash, email, expires_at})-[:TO]->(:Organisation)} and
 * {@code (:ShortLink {link_id, url})-[:OF]->(:Organisation)} or, a person's own,
 * {@code (:ShortLink {link_id, owner_u_id, url})-[:OF]->(:User)}. Thread-safe.
 */
public final class Neo4jOrganisationStore implements OrganisationStore {
  /** Organisation roles and their relationships, from {@link AuthorizationModel#KITH}. */
  static final String ROLES = AuthorizationModel.KITH.rolePattern(AuthorizationModel.ORGANISATION);

  static final String ADMIN_OF = AuthorizationModel.KITH.roleRelation(
      AuthorizationModel.ORGANISATION, AuthorizationModel.ORG_ADMIN);
  static final String MEMBER_OF = AuthorizationModel.KITH.roleRelation(
      AuthorizationModel.ORGANISATION, AuthorizationModel.ORG_MEMBER);
  static final int MAX_MEMBERS = 10_000;
  private final Cypher cypher;

  public Neo4jOrganisationStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<Organisation> create(Organisation org, String adminUId, List<AuditEvent> audit) {
    Map<String, Object> p = props(org);
    p.put("admin", adminUId);
    return AuditAppender.writeAudited(
            cypher,
            "MATCH (u:User {u_id: $admin}) CREATE (o:Organisation {org_id: $org_id, owner_u_id: $admin,"
                + " name: $name, email: $email, address: $address, customer: $customer, created_at: $created_at})"
                + " CREATE (u)-[:" + ADMIN_OF + "]->(o) CREATE (u)-[:" + MEMBER_OF + "]->(o)",
            p,
            audit)
        .thenReturn(org);
  }

  @Override
  public Mono<Organisation> find(String orgId) {
    return cypher
        .read(
            "MATCH (o:Organisation {org_id: $org_id}) RETURN o",
            Map.of("org_id", orgId),
            Neo4jOrganisationStore::map)
        .next();
  }

  @Override
  public Mono<Organisation> update(Organisation org, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
            cypher,
            "MATCH (o:Organisation {org_id: $org_id}) SET o.name = $name,"
                + " o.email = $email, o.address = $address, o.customer = $customer",
            props(org),
            audit)
        .thenReturn(org);
  }

  @Override
  public Mono<String> role(String orgId, String uId) {
    return cypher
        .read(
            "MATCH (u:User {u_id: $u_id})-[r:" + ROLES + "]->(:Organisation {org_id: $org_id})"
                + " WITH collect(type(r)) AS types WHERE size(types) > 0"
                + " RETURN CASE WHEN '" + ADMIN_OF + "' IN types THEN '"
                + AuthorizationModel.ORG_ADMIN + "' ELSE '"
                + AuthorizationModel.ORG_MEMBER + "' END AS role",
            Map.of("org_id", orgId, "u_id", uId),
            r -> r.get("role").asString())
        .next();
  }

  @Override
  public Flux<Member> members(
      String orgId, @org.jspecify.annotations.Nullable After after, int limit) {
    Map<String, Object> p = new HashMap<>();
    p.put("org_id", orgId);
    p.put("after_name", after == null ? null : after.username());
    p.put("after_id", after == null ? null : after.uId());
    p.put("limit", (long) Math.min(Math.max(limit, 1), MAX_MEMBERS));
    return cypher.read(
        "MATCH (u:User)-[:" + MEMBER_OF + "]->(o:Organisation {org_id: $org_id})"
            + " WHERE $after_name IS NULL OR u.username > $after_name"
            + " OR (u.username = $after_name AND u.u_id > $after_id)"
            + " RETURN u.u_id AS u_id, u.username AS username, EXISTS { (u)-[:" + ADMIN_OF
            + "]->(o) } AS admin, coalesce(o.owner_u_id = u.u_id, false) AS owner"
            + " ORDER BY username, u_id LIMIT $limit",
        p,
        r -> new Member(
            r.get("u_id").asString(),
            r.get("username").asString(),
            r.get("admin").asBoolean(),
            r.get("owner").asBoolean()));
  }

  @Override
  public Flux<String> organisationsOf(
      String uId, @org.jspecify.annotations.Nullable String afterOrgId, int limit) {
    Map<String, Object> p = new HashMap<>();
    p.put("u_id", uId);
    p.put("after", afterOrgId);
    p.put("limit", (long) Math.min(Math.max(limit, 1), MAX_MEMBERS));
    return cypher.read(
        "MATCH (:User {u_id: $u_id})-[:" + MEMBER_OF + "]->(o:Organisation)"
            + " WHERE $after IS NULL OR o.org_id > $after"
            + " RETURN o.org_id AS org_id ORDER BY org_id LIMIT $limit",
        p,
        r -> r.get("org_id").asString());
  }

  @Override
  public Mono<Boolean> setRole(String orgId, String uId, boolean admin, List<AuditEvent> audit) {
    return OrganisationMemberships.setRole(cypher, orgId, uId, admin, audit);
  }

  @Override
  public Mono<Boolean> removeMember(String orgId, String uId, List<AuditEvent> audit) {
    return OrganisationMemberships.remove(cypher, orgId, uId, audit);
  }

  @Override
  public Mono<Boolean> transferOwnership(
      String orgId, String fromUId, String toUId, List<AuditEvent> audit) {
    return OrganisationMemberships.transfer(cypher, orgId, fromUId, toUId, audit);
  }

  @Override
  public Mono<Void> invite(
      String orgId, String email, String codeHash, Instant expiresAt, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (o:Organisation {org_id: $org_id}) CREATE (:OrgInvite"
            + " {code_hash: $hash, email: $email, expires_at: $expires})-[:TO]->(o)",
        Map.of(
            "org_id", orgId, "hash", codeHash, "email", email, "expires", Times.toGraph(expiresAt)),
        audit);
  }

  @Override
  public Mono<Boolean> invited(String codeHash, String email, Instant now) {
    return cypher
        .read(
            "RETURN EXISTS { MATCH (i:OrgInvite {code_hash: $hash}) WHERE i.email = $email"
                + " AND i.expires_at > $now } AS ok",
            Map.of("hash", codeHash, "email", email, "now", Times.toGraph(now)),
            r -> r.get("ok").asBoolean())
        .next();
  }

  @Override
  public Mono<Boolean> redeem(
      String codeHash, String email, String uId, Instant now, List<AuditEvent> audit) {
    return cypher
        .<Boolean>writeTransaction(tx -> tx.runAsync(
                "MATCH (i:OrgInvite {code_hash: $hash})-[:TO]->(o)"
                    + " WHERE i.email = $email AND i.expires_at > $now MATCH (u:User {u_id: $u_id})"
                    + " MERGE (u)-[:" + MEMBER_OF
                    + "]->(o) DETACH DELETE i RETURN o.org_id AS org_id",
                Map.of("hash", codeHash, "email", email, "now", Times.toGraph(now), "u_id", uId))
            .thenCompose(c -> c.listAsync())
            .thenCompose(rows -> rows.isEmpty()
                ? CompletableFuture.completedFuture(List.of(false))
                : AuditAppender.append(
                        tx,
                        List.of(AuditEvent.of(
                            rows.get(0).get("org_id").asString(),
                            uId,
                            now,
                            new OrganisationEvent.Joined(uId))))
                    .thenApply(x -> List.of(true))))
        .next();
  }

  @Override
  public Mono<Void> createLink(ShortLink link, List<AuditEvent> audit) {
    return ShortLinks.create(cypher, link, audit);
  }

  @Override
  public Mono<Boolean> createPersonalLink(ShortLink link, int max, List<AuditEvent> audit) {
    return ShortLinks.createPersonal(cypher, link, max, audit);
  }

  @Override
  public Mono<ShortLink> findLink(String linkId) {
    return ShortLinks.find(cypher, linkId);
  }

  @Override
  public Flux<ShortLink> personalLinks(String uId, int max) {
    return ShortLinks.personal(cypher, uId, max);
  }

  @Override
  public Mono<Void> createRequest(ApplicationRequest r, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("short_code", r.shortCode());
    p.put("org_id", r.orgId());
    p.put("email", r.email());
    p.put("page_link", r.pageLink());
    p.put("source", r.source());
    p.put("a_id", r.aId());
    p.put("aa_name", r.aaName());
    p.put("state", r.state());
    p.put("created_at", Times.toGraph(r.createdAt()));
    p.put("updated_at", Times.toGraph(r.updatedAt()));
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (o:Organisation {org_id: $org_id}) CREATE (r:ApplicationRequest"
            + " {short_code: $short_code, org_id: $org_id, email: $email, page_link: $page_link, source: $source,"
            + " a_id: $a_id, aa_name: $aa_name, state: $state, created_at: $created_at, updated_at: $updated_at})"
            + "-[:OF]->(o)",
        p,
        audit);
  }

  @Override
  public Mono<ApplicationRequest> findRequest(String orgId, String shortCode) {
    return cypher
        .read(
            "MATCH (r:ApplicationRequest {short_code: $code}) WHERE r.org_id = $org_id RETURN r",
            Map.of("code", shortCode, "org_id", orgId),
            Neo4jOrganisationStore::request)
        .next();
  }

  @Override
  public Flux<ApplicationRequest> requests(String orgId, int limit) {
    return cypher.read(
        "MATCH (r:ApplicationRequest)-[:OF]->(:Organisation {org_id: $org_id})"
            + " RETURN r ORDER BY r.created_at DESC LIMIT $limit",
        Map.of("org_id", orgId, "limit", (long) limit),
        Neo4jOrganisationStore::request);
  }

  @Override
  public Mono<Void> setRequestState(
      String orgId, String shortCode, String state, Instant now, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (r:ApplicationRequest {short_code: $code}) WHERE r.org_id ="
            + " $org_id SET r.state = $state, r.updated_at = $now",
        Map.of("code", shortCode, "org_id", orgId, "state", state, "now", Times.toGraph(now)),
        audit);
  }

  @Override
  public Mono<Long> expireRequests(Instant cutoff, BiFunction<String, String, AuditEvent> expired) {
    return cypher
        .<Long>writeTransaction(tx -> tx.runAsync(
                "MATCH (r:ApplicationRequest) WHERE r.created_at < $cutoff"
                    + " WITH r LIMIT 10000 WITH r, r.org_id AS org_id, r.short_code AS code DETACH DELETE r"
                    + " RETURN org_id, code",
                Map.of("cutoff", Times.toGraph(cutoff)))
            .thenCompose(c -> c.listAsync(
                r -> expired.apply(r.get("org_id").asString(), r.get("code").asString())))
            .thenCompose(events ->
                AuditAppender.append(tx, events).thenApply(x -> List.of((long) events.size()))))
        .next();
  }

  @Override
  public Mono<Domain> saveDomain(Domain d, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("domain", d.domain());
    p.put("org_id", d.orgId());
    p.put("name", d.name());
    p.put("theme", Json.write(d.theme()));
    p.put("logo", d.logo());
    return AuditAppender.writeAudited(
            cypher,
            "MATCH (o:Organisation {org_id: $org_id})"
                + " MERGE (d:Domain {domain: $domain, org_id: $org_id}) SET d.name = $name, d.theme = $theme, d.logo = $logo"
                + " MERGE (d)-[:OF]->(o)",
            p,
            audit)
        .thenReturn(d);
  }

  @Override
  public Mono<Domain> findDomain(String orgId, String domain) {
    return cypher
        .read(
            "MATCH (d:Domain {domain: $domain, org_id: $org_id}) RETURN d",
            Map.of("domain", domain, "org_id", orgId),
            r -> {
              Value d = r.get("d");
              return new Domain(
                  d.get("domain").asString(),
                  d.get("org_id").asString(),
                  d.get("name").asString(),
                  Json.readObject(d.get("theme").asString("{}")),
                  d.get("logo").asString(null));
            })
        .next();
  }

  static ApplicationRequest request(Record rec) {
    Value r = rec.get("r");
    return new ApplicationRequest(
        r.get("short_code").asString(),
        r.get("org_id").asString(),
        r.get("email").asString(),
        r.get("page_link").asString(),
        r.get("source").asString(null),
        r.get("a_id").asString(null),
        r.get("aa_name").asString(null),
        r.get("state").asString(),
        Times.fromGraph(r.get("created_at")),
        Times.fromGraph(r.get("updated_at")));
  }

  private static Map<String, Object> props(Organisation org) {
    Map<String, Object> p = new HashMap<>();
    p.put("org_id", org.orgId());
    p.put("name", org.name());
    p.put("email", org.email());
    // the parts as a JSON object; an organisation stored by an older version holds free text here
    p.put("address", org.address() == null ? null : Json.write(org.address().asMap()));
    p.put("customer", org.customer());
    p.put("created_at", Times.toGraph(org.createdAt()));
    return p;
  }

  static Organisation map(Record r) {
    Value o = r.get("o");
    return new Organisation(
        o.get("org_id").asString(),
        o.get("name").asString(),
        o.get("email").asString(),
        address(o.get("address").asString(null)),
        o.get("customer").asString(null),
        Times.fromGraph(o.get("created_at")));
  }

  /** The stored address: a JSON object of its parts, or an older version's free text, read as its first line. */
  private static @Nullable PostalAddress address(@Nullable String stored) {
    if (stored == null) {
      return null;
    }
    return stored.startsWith("{")
        ? PostalAddress.of(Json.readObject(stored))
        : new PostalAddress(stored, null, null, null, null);
  }
}

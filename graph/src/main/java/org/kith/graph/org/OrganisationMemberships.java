package org.kith.graph.org;

import java.util.List;
import java.util.Map;
import org.kith.core.audit.AuditEvent;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.neo4j.Cypher;
import reactor.core.publisher.Mono;

/**
 * The membership changes of {@link Neo4jOrganisationStore}: role changes, removals and ownership transfers. Each
 * takes the organisation's write lock first, so it reads the owner as the concurrent ones leave it, and writes its
 * audit events only if it changed something.
 */
final class OrganisationMemberships {
  private static final String ADMIN_OF = Neo4jOrganisationStore.ADMIN_OF;
  private static final String MEMBER_OF = Neo4jOrganisationStore.MEMBER_OF;
  /** The organisation, write-locked; {@code u} a member of it who does not own it. */
  private static final String LOCKED_MEMBER = "MATCH (o:Organisation {org_id: $org_id})"
      + " SET o._lock = true REMOVE o._lock WITH o"
      + " MATCH (u:User {u_id: $u_id})-[:" + MEMBER_OF + "]->(o)"
      + " WHERE coalesce(o.owner_u_id <> u.u_id, true)";

  private OrganisationMemberships() {}

  static Mono<Boolean> setRole(
      Cypher cypher, String orgId, String uId, boolean admin, List<AuditEvent> audit) {
    String change = admin
        ? " MERGE (u)-[:" + ADMIN_OF + "]->(o)"
        : " OPTIONAL MATCH (u)-[r:" + ADMIN_OF + "]->(o) DELETE r";
    return AuditAppender.writeReturning(
            cypher,
            LOCKED_MEMBER + " WITH o, u" + change + " RETURN DISTINCT true AS changed",
            Map.of("org_id", orgId, "u_id", uId),
            audit,
            r -> r.get("changed").asBoolean())
        .defaultIfEmpty(false);
  }

  static Mono<Boolean> remove(Cypher cypher, String orgId, String uId, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(
            cypher,
            LOCKED_MEMBER + " MATCH (u)-[r:" + MEMBER_OF + "|" + ADMIN_OF + "]->(o) DELETE r"
                + " RETURN DISTINCT true AS changed",
            Map.of("org_id", orgId, "u_id", uId),
            audit,
            r -> r.get("changed").asBoolean())
        .defaultIfEmpty(false);
  }

  static Mono<Boolean> transfer(
      Cypher cypher, String orgId, String fromUId, String toUId, List<AuditEvent> audit) {
    return AuditAppender.writeReturning(
            cypher,
            "MATCH (o:Organisation {org_id: $org_id})"
                + " SET o._lock = true REMOVE o._lock WITH o WHERE o.owner_u_id = $from"
                + " MATCH (t:User {u_id: $to})-[:" + MEMBER_OF + "]->(o)"
                + " SET o.owner_u_id = $to MERGE (t)-[:" + ADMIN_OF + "]->(o)"
                + " RETURN DISTINCT true AS changed",
            Map.of("org_id", orgId, "from", fromUId, "to", toUId),
            audit,
            r -> r.get("changed").asBoolean())
        .defaultIfEmpty(false);
  }
}

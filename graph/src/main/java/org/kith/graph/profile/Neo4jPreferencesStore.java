package org.kith.graph.profile;

import java.util.List;
import java.util.Map;
import org.kith.core.audit.AuditEvent;
import org.kith.core.profile.PreferencesStore;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.Cypher;
import reactor.core.publisher.Mono;

/** {@link PreferencesStore} as a JSON property of the user node. Thread-safe. */
public final class Neo4jPreferencesStore implements PreferencesStore {
  private final Cypher cypher;

  public Neo4jPreferencesStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<Map<String, Object>> get(String uId) {
    return cypher
        .read(
            "MATCH (u:User {u_id: $u_id}) RETURN u._preferences AS p",
            Map.of("u_id", uId),
            r -> r.get("p").isNull()
                ? Map.<String, Object>of()
                : Json.readObject(r.get("p").asString()))
        .next()
        .defaultIfEmpty(Map.of());
  }

  @Override
  public Mono<Void> put(String uId, Map<String, Object> preferences, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
        cypher,
        "MATCH (u:User {u_id: $u_id}) SET u._preferences = $p",
        Map.of("u_id", uId, "p", Json.write(preferences)),
        audit);
  }
}

package org.kith.graph.consent;

import java.util.List;
import java.util.Map;
import org.kith.core.audit.AuditEvent;
import org.kith.core.consent.ResourceServer;
import org.kith.core.consent.ScopeService;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.Cypher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link ScopeService.Store} on {@code (:ResourceServer {identifier, name, scopes})}. Thread-safe. */
public final class Neo4jResourceServerStore implements ScopeService.Store {
  private final Cypher cypher;

  public Neo4jResourceServerStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<ResourceServer> save(ResourceServer server, List<AuditEvent> audit) {
    return AuditAppender.writeAudited(
            cypher,
            "MERGE (r:ResourceServer {identifier: $id}) SET r.name = $name,"
                + " r.scopes = $scopes",
            Map.of(
                "id",
                server.identifier(),
                "name",
                server.name(),
                "scopes",
                Json.write(server.scopes())),
            audit)
        .thenReturn(server);
  }

  @Override
  @SuppressWarnings("unchecked")
  public Flux<ResourceServer> all() {
    return cypher.read(
        "MATCH (r:ResourceServer) RETURN r ORDER BY r.identifier LIMIT 1000",
        Map.of(),
        rec -> new ResourceServer(
            rec.get("r").get("identifier").asString(), rec.get("r").get("name").asString(), (List<
                    Map<String, Object>>)
                (List<?>) Json.readList(rec.get("r").get("scopes").asString("[]"))));
  }
}

package org.kith.graph.oidc;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.kith.core.consent.OutboxEvent;
import org.kith.core.oidc.SessionBindings;
import org.kith.graph.consent.Neo4jOutboxStore;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link SessionBindings} on internal {@code (:OidcSession {code_hash, sid, u_id, family_id, a_id, i_id, at})} nodes
 * (no analyst query reaches them), and notices written as {@code (:OutboxEvent)-[:FOR]->(:Instance)} exactly as
 * transition actions are, so the same delivery loop, lease, retries and dead letters serve them. Thread-safe.
 */
public final class Neo4jSessionBindings implements SessionBindings {
  private static final String FIELDS = "s.code_hash AS code_hash, s.sid AS sid, s.u_id AS u_id,"
      + " s.family_id AS family_id, s.a_id AS a_id, s.i_id AS i_id, s.at AS at";
  private final Cypher cypher;

  public Neo4jSessionBindings(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<Void> bind(Binding b) {
    return cypher.write(
        "CREATE (:OidcSession {code_hash: $code_hash, sid: $sid, u_id: $u_id, family_id: $family_id,"
            + " a_id: $a_id, i_id: $i_id, at: $at})",
        Map.of(
            "code_hash",
            b.codeHash(),
            "sid",
            b.sid(),
            "u_id",
            b.uId(),
            "family_id",
            b.familyId(),
            "a_id",
            b.aId(),
            "i_id",
            b.iId(),
            "at",
            Objects.requireNonNull(Times.toGraph(b.at()))));
  }

  @Override
  public Mono<Binding> byCode(String codeHash) {
    return cypher
        .read(
            "MATCH (s:OidcSession {code_hash: $h}) RETURN " + FIELDS + " LIMIT 1",
            Map.of("h", codeHash),
            Neo4jSessionBindings::binding)
        .next();
  }

  @Override
  public Flux<Binding> ofSession(String uId, String familyId) {
    return cypher.read(
        "MATCH (s:OidcSession {u_id: $u, family_id: $f}) RETURN " + FIELDS + " ORDER BY s.at",
        Map.of("u", uId, "f", familyId),
        Neo4jSessionBindings::binding);
  }

  @Override
  public Flux<Binding> ofInstance(String iId) {
    return cypher.read(
        "MATCH (s:OidcSession {i_id: $i}) RETURN " + FIELDS + " ORDER BY s.at",
        Map.of("i", iId),
        Neo4jSessionBindings::binding);
  }

  @Override
  public Mono<Void> enqueue(List<OutboxEvent> events) {
    List<Map<String, Object>> rows =
        events.stream().map(Neo4jOutboxStore::properties).toList();
    return cypher.write(
        "UNWIND $events AS e MATCH (i:Instance {i_id: e.i_id})"
            + " CREATE (o:OutboxEvent) SET o = e CREATE (o)-[:FOR]->(i)",
        Map.of("events", rows));
  }

  private static Binding binding(Record r) {
    return new Binding(
        r.get("code_hash").asString(),
        r.get("sid").asString(),
        r.get("u_id").asString(),
        r.get("family_id").asString(),
        r.get("a_id").asString(),
        r.get("i_id").asString(),
        Objects.requireNonNull(Times.fromGraph(r.get("at"))));
  }
}

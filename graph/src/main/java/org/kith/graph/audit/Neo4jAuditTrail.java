package org.kith.graph.audit;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.AuditTrail;
import org.kith.core.audit.RecordedEvent;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.Cypher;
import org.neo4j.driver.Record;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** {@link AuditTrail} over {@code (:AuditEvent)} nodes chained by hash per subject. Thread-safe. */
public final class Neo4jAuditTrail implements AuditTrail {
  /** Longest chain {@link #verify} walks; longer chains are reported as unverifiable (false). */
  static final int MAX_VERIFY = 100_000;

  private final Cypher cypher;

  public Neo4jAuditTrail(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<Void> append(List<AuditEvent> events) {
    return cypher
        .<Void>writeTransaction(tx -> AuditAppender.append(tx, events).thenApply(v -> List.of()))
        .then();
  }

  @Override
  public Flux<RecordedEvent> events(String subject, @Nullable Long before, int limit) {
    return cypher.read(
        "MATCH (e:AuditEvent {subject: $s}) WHERE e.seq < $before"
            + " RETURN e ORDER BY e.seq DESC LIMIT $limit",
        Map.of("s", subject, "before", before == null ? Long.MAX_VALUE : before, "limit", limit),
        Neo4jAuditTrail::map);
  }

  @Override
  public Mono<Boolean> verify(String subject) {
    return cypher
        .read(
            "MATCH (e:AuditEvent {subject: $s}) WITH e ORDER BY e.seq LIMIT $max"
                + " WITH collect(e) AS events OPTIONAL MATCH (h:AuditHead {subject: $s})"
                + " RETURN events, h.seq AS head_seq, h.hash AS head_hash",
            Map.of("s", subject, "max", MAX_VERIFY + 1),
            r -> {
              List<RecordedEvent> events = r.get("events").asList(v -> map(v.asNode()));
              if (events.size() > MAX_VERIFY) {
                return false;
              }
              String prev = null;
              long seq = 0;
              for (RecordedEvent e : events) {
                seq++;
                boolean linked = e.seq() == seq && java.util.Objects.equals(e.prevHash(), prev);
                if (!linked
                    || !e.hash()
                        .equals(
                            Json.sha256(AuditAppender.hashed(e.event(), e.seq(), e.prevHash())))) {
                  return false;
                }
                prev = e.hash();
              }
              // the head remembers the last event, so removing events from the end is detected too
              return r.get("head_seq").isNull()
                  ? events.isEmpty()
                  : r.get("head_seq").asLong() == seq
                      && java.util.Objects.equals(r.get("head_hash").asString(null), prev);
            })
        .next()
        .defaultIfEmpty(true);
  }

  private static RecordedEvent map(Record r) {
    return map(r.get("e").asNode());
  }

  private static RecordedEvent map(org.neo4j.driver.types.Node e) {
    AuditEvent event = new AuditEvent(
        e.get("subject").asString(),
        e.get("event_type").asString(),
        e.get("u_id").asString(null),
        AuditAppender.instant(e.get("date")),
        Json.readObject(e.get("event").asString()));
    return new RecordedEvent(
        event,
        e.get("seq").asLong(),
        e.get("prev_hash").asString(null),
        e.get("hash").asString());
  }
}

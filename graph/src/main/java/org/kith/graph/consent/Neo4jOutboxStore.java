package org.kith.graph.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.consent.ApplicationEvents;
import org.kith.core.consent.OutboxEvent;
import org.kith.core.consent.OutboxStore;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link OutboxStore} on {@code (:OutboxEvent {event_id, a_id, status, next_at, lease_until, …})-[:FOR]->(:Instance)};
 * a claim sets a lease so that several API nodes do not deliver the same event at once. Thread-safe.
 */
public final class Neo4jOutboxStore implements OutboxStore {
  private final Cypher cypher;

  public Neo4jOutboxStore(Cypher cypher) {
    this.cypher = cypher;
  }

  /**
   * Cypher (after {@code WITH i}, the instance) creating the outbox events {@code $events} (made by {@link
   * #properties}) for it; an application event ({@link ApplicationEvents#METHOD}) only when the application's
   * webhook subscribes to its type now, in the same transaction.
   */
  public static final String CREATE_FOR_INSTANCE = " CALL (i) { UNWIND $events AS e WITH i, e"
      + " WHERE e.method <> '" + ApplicationEvents.METHOD + "' OR EXISTS {"
      + " MATCH (a:AccessApplication {a_id: i.a_id}) WHERE e.type IN a.webhook_events }"
      + " CREATE (o:OutboxEvent) SET o = e CREATE (o)-[:FOR]->(i) }";

  public static Map<String, Object> properties(OutboxEvent e) {
    Map<String, Object> p = new HashMap<>();
    p.put("method", e.method());
    p.put("type", e.action().get("type"));
    p.put("event_id", e.eventId());
    p.put("i_id", e.iId());
    p.put("a_id", e.aId());
    p.put("action", Json.write(e.action()));
    p.put("payload", Json.write(e.payload()));
    p.put("attempts", (long) e.attempts());
    p.put("next_at", Times.toGraph(e.nextAt()));
    p.put("status", e.status());
    p.put("created_at", Times.toGraph(e.createdAt()));
    return p;
  }

  @Override
  public Flux<OutboxEvent> claimDue(Instant now, Duration lease, int limit) {
    return cypher.write(
        "MATCH (o:OutboxEvent) WHERE o.status = 'pending' AND o.next_at <= $now"
            + " AND coalesce(o.lease_until, $epoch) <= $now"
            + " WITH o ORDER BY o.next_at LIMIT $limit SET o.lease_until = $until RETURN o",
        Map.of(
            "now",
            Times.toGraph(now),
            "epoch",
            Times.toGraph(Instant.EPOCH),
            "until",
            Times.toGraph(now.plus(lease)),
            "limit",
            (long) limit),
        Neo4jOutboxStore::map);
  }

  @Override
  public Mono<Void> delivered(String eventId, Instant now) {
    return cypher.write(
        "MATCH (o:OutboxEvent {event_id: $id}) SET o.status = 'delivered', o.delivered_at = $now,"
            + " o.lease_until = null",
        Map.of("id", eventId, "now", Times.toGraph(now)));
  }

  @Override
  public Mono<Void> failed(
      String eventId, int attempts, Instant nextAt, boolean dead, String error) {
    return cypher.write(
        "MATCH (o:OutboxEvent {event_id: $id}) SET o.attempts = $attempts, o.next_at = $next,"
            + " o.status = $status, o.last_error = $error, o.lease_until = null",
        Map.of(
            "id",
            eventId,
            "attempts",
            (long) attempts,
            "next",
            Times.toGraph(nextAt),
            "status",
            dead ? "dead" : "pending",
            "error",
            error));
  }

  @Override
  public Flux<OutboxEvent> list(String aId, String status, int limit) {
    return cypher.read(
        "MATCH (o:OutboxEvent {a_id: $a_id}) WHERE o.status = $status"
            + " RETURN o ORDER BY o.created_at DESC LIMIT $limit",
        Map.of("a_id", aId, "status", status, "limit", (long) limit),
        Neo4jOutboxStore::map);
  }

  @Override
  public Mono<Long> replay(
      String aId,
      @Nullable List<String> ids,
      @Nullable Instant from,
      @Nullable Instant to,
      Instant now,
      LongFunction<List<AuditEvent>> audit) {
    Map<String, Object> p = selection(aId, ids, from, to);
    p.put("now", Times.toGraph(now));
    return counted(
        "MATCH (o:OutboxEvent {a_id: $a_id}) WHERE o.status = 'dead'" + SELECTED
            + " SET o.status = 'pending', o.attempts = 0, o.next_at = $now, o.lease_until = null RETURN count(o) AS n",
        p,
        audit);
  }

  @Override
  public Mono<Long> purge(
      String aId,
      @Nullable List<String> ids,
      @Nullable Instant from,
      @Nullable Instant to,
      LongFunction<List<AuditEvent>> audit) {
    return counted(
        "MATCH (o:OutboxEvent {a_id: $a_id}) WHERE o.status = 'dead'" + SELECTED
            + " DETACH DELETE o RETURN count(*) AS n",
        selection(aId, ids, from, to),
        audit);
  }

  /** Runs a statement returning a count {@code n}, and the audit events of that count, in one transaction. */
  private Mono<Long> counted(
      String query, Map<String, Object> params, LongFunction<List<AuditEvent>> audit) {
    return cypher
        .<Long>writeTransaction(tx -> tx.runAsync(query, params)
            .thenCompose(c -> c.singleAsync())
            .thenCompose(r -> {
              long n = r.get("n").asLong();
              return AuditAppender.append(tx, audit.apply(n)).thenApply(x -> List.of(n));
            }))
        .next();
  }

  private static final String SELECTED = " AND ($ids IS NULL OR o.event_id IN $ids)"
      + " AND ($from IS NULL OR o.created_at >= $from) AND ($to IS NULL OR o.created_at < $to)";

  private static Map<String, Object> selection(
      String aId, @Nullable List<String> ids, @Nullable Instant from, @Nullable Instant to) {
    Map<String, Object> p = new HashMap<>();
    p.put("a_id", aId);
    p.put("ids", ids == null || ids.isEmpty() ? null : ids);
    p.put("from", Times.toGraph(from));
    p.put("to", Times.toGraph(to));
    return p;
  }

  static OutboxEvent map(Record r) {
    Value o = r.get("o");
    return new OutboxEvent(
        o.get("event_id").asString(),
        o.get("i_id").asString(),
        o.get("a_id").asString(),
        Json.readObject(o.get("action").asString()),
        Json.readObject(o.get("payload").asString()),
        (int) o.get("attempts").asLong(),
        Times.fromGraph(o.get("next_at")),
        o.get("status").asString(),
        o.get("last_error").asString(null),
        Times.fromGraph(o.get("created_at")));
  }
}

package org.kith.graph.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.async.AsyncTransactionContext;

/**
 * Appends audit events inside the caller's write transaction. Each subject has a chain head
 * {@code (:AuditHead {subject, seq, hash})}; writing to the heads (in sorted order, so concurrent writers
 * cannot deadlock) locks them until commit, which serialises each chain. An event's hash is SHA-256 over
 * the RFC 8785 canonical JSON of {@code {subject, seq, date, event_type, u_id, event, prev_hash}}.
 */
public final class AuditAppender {
  private AuditAppender() {}

  /** The canonical content an event's hash covers. */
  static Map<String, Object> hashed(AuditEvent e, long seq, @Nullable String prevHash) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subject", e.subject());
    m.put("seq", seq);
    m.put("date", e.date().toString());
    m.put("event_type", e.eventType());
    m.put("u_id", e.uId());
    m.put("event", e.event());
    m.put("prev_hash", prevHash);
    return m;
  }

  /** Cypher creating one event from a row {@code r} made by {@link #row}. */
  private static final String CREATE_EVENT =
      "CREATE (:AuditEvent {subject: r.subject, seq: r.seq, date: r.date,"
          + " event_type: r.event_type, u_id: r.u_id, event: r.event, prev_hash: r.prev_hash, hash: r.hash})";

  /** An event as the parameters of {@link #CREATE_EVENT}, with its hash over {@link #hashed}. */
  private static Map<String, Object> row(AuditEvent e, long seq, @Nullable String prev) {
    Map<String, Object> row = new HashMap<>();
    row.put("subject", e.subject());
    row.put("seq", seq);
    row.put("date", Times.toGraph(e.date()));
    row.put("event_type", e.eventType());
    row.put("u_id", e.uId());
    row.put("event", Json.write(e.event()));
    row.put("prev_hash", prev);
    row.put("hash", Json.sha256(hashed(e, seq, prev)));
    return row;
  }

  public static CompletionStage<Void> append(AsyncTransactionContext tx, List<AuditEvent> events) {
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<String> subjects =
        new ArrayList<>(new TreeSet<>(events.stream().map(AuditEvent::subject).toList()));
    return tx.runAsync(
            "UNWIND $subjects AS s MERGE (h:AuditHead {subject: s}) ON CREATE SET h.seq = 0"
                + " SET h.touched = true REMOVE h.touched RETURN s, h.seq AS seq, h.hash AS hash",
            Map.of("subjects", subjects))
        .thenCompose(c -> c.listAsync())
        .thenCompose((List<Record> heads) -> {
          Map<String, long[]> seqs = new HashMap<>();
          Map<String, String> hashes = new HashMap<>();
          for (Record h : heads) {
            seqs.put(h.get("s").asString(), new long[] {h.get("seq").asLong()});
            hashes.put(
                h.get("s").asString(),
                h.get("hash").isNull() ? null : h.get("hash").asString());
          }
          List<Map<String, Object>> rows = new ArrayList<>();
          for (AuditEvent e : events) {
            long seq = ++seqs.get(e.subject())[0];
            Map<String, Object> row = row(e, seq, hashes.get(e.subject()));
            hashes.put(e.subject(), (String) row.get("hash"));
            rows.add(row);
          }
          List<Map<String, Object>> newHeads = subjects.stream()
              .map(s -> Map.<String, Object>of(
                  "subject", s, "seq", seqs.get(s)[0], "hash", hashes.get(s)))
              .toList();
          // the events and the heads' new positions in one statement (one round trip)
          return tx.runAsync(
                  "UNWIND $rows AS r " + CREATE_EVENT + " WITH count(*) AS created"
                      + " UNWIND $heads AS h MATCH (a:AuditHead {subject: h.subject})"
                      + " SET a.seq = h.seq, a.hash = h.hash",
                  Map.of("rows", rows, "heads", newHeads))
              .thenCompose(c -> c.consumeAsync())
              .thenApply(x -> (Void) null);
        });
  }

  /**
   * Appends the first event of subjects created in this transaction (a new profile object's "profile_create"):
   * their chains cannot exist yet, so each starts at sequence 1 with no previous hash, and the event and the
   * chain's head are written in one statement without first looking the heads up. The unique constraint on the
   * head's subject still refuses a subject that did exist. One event per subject.
   */
  public static CompletionStage<Void> appendFirst(
      AsyncTransactionContext tx, List<AuditEvent> events) {
    List<Map<String, Object>> rows = events.stream().map(e -> row(e, 1, null)).toList();
    return tx.runAsync(
            "UNWIND $rows AS r " + CREATE_EVENT
                + " CREATE (:AuditHead {subject: r.subject, seq: r.seq," + " hash: r.hash})",
            Map.of("rows", rows))
        .thenCompose(c -> c.consumeAsync())
        .thenApply(x -> (Void) null);
  }

  /** One write statement and its audit events in one transaction. */
  public static reactor.core.publisher.Mono<Void> writeAudited(
      org.kith.graph.neo4j.Cypher cypher,
      String query,
      Map<String, Object> params,
      List<AuditEvent> events) {
    return cypher
        .<Void>writeTransaction(tx -> tx.runAsync(query, params)
            .thenCompose(c -> c.consumeAsync())
            .thenCompose(x -> append(tx, events))
            .thenApply(x -> List.of()))
        .then();
  }

  /**
   * One write statement and, only if it returned a row, its audit events, in one transaction: completes with the
   * first row mapped, or empty when the statement matched nothing (and then nothing is audited).
   */
  public static <T> reactor.core.publisher.Mono<T> writeReturning(
      org.kith.graph.neo4j.Cypher cypher,
      String query,
      Map<String, Object> params,
      List<AuditEvent> events,
      java.util.function.Function<Record, T> mapper) {
    return cypher
        .<T>writeTransaction(tx -> tx.runAsync(query, params)
            .thenCompose(c -> c.listAsync(mapper))
            .thenCompose(rows -> rows.isEmpty()
                ? CompletableFuture.completedFuture(rows)
                : append(tx, events).thenApply(x -> rows)))
        .next();
  }

  static Instant instant(org.neo4j.driver.Value v) {
    return Times.fromGraph(v);
  }
}

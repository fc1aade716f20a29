package org.kith.graph.consent;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.consent.ApplicationEvents;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.neo4j.driver.async.AsyncTransactionContext;

/**
 * The application events of changes made outside the consent routes, written in the change's transaction: {@code
 * instance.data_changed} for a change to shared objects, one per live instance (not withdrawn, end date not
 * passed) that shares any of the objects, and {@code instance.withdrawn} for each live instance of an account being
 * erased; each only when the application's webhook subscribes to the type. Run them before the deletes (the shares
 * and instances go).
 */
public final class SharedObjectEvents {
  private static final AuthorizationModel MODEL = AuthorizationModel.KITH;
  /** The most instances one change reports to; more are not looked at (an object is shared 1,000 times at most). */
  private static final int MAX_INSTANCES = 10_000;

  private SharedObjectEvents() {}

  /** Appends the events for {@code nIds}, changed as {@code change} ({@code updated} or {@code deleted}). */
  public static CompletionStage<Void> append(
      AsyncTransactionContext tx, Collection<String> nIds, String change, Instant now) {
    return tx.runAsync(
            "MATCH (n:ProfileObject)<-[:" + MODEL.shares()
                + "]-(i:Instance)-[:WITH]->(a:AccessApplication)"
                + " WHERE n.n_id IN $ids AND i._state <> $ended AND (i.end_date IS NULL OR i.end_date > $now)"
                + " AND $type IN coalesce(a.webhook_events, [])"
                + " WITH i, collect(n.n_id) AS changed LIMIT " + MAX_INSTANCES
                + " RETURN i.i_id AS i_id, i.a_id AS a_id, i.reference AS reference, changed",
            Map.of(
                "ids",
                List.copyOf(nIds),
                "ended",
                MODEL.endedState(),
                "now",
                Objects.requireNonNull(Times.toGraph(now)),
                "type",
                ApplicationEvents.DATA_CHANGED))
        .thenCompose(c -> c.listAsync())
        .thenCompose((List<Record> rows) -> {
          if (rows.isEmpty()) {
            return CompletableFuture.completedFuture(null);
          }
          List<Map<String, Object>> events = rows.stream()
              .map(r -> ApplicationEvents.dataChanged(
                  r.get("i_id").asString(),
                  r.get("a_id").asString(),
                  r.get("reference").isNull() ? null : r.get("reference").asString(),
                  r.get("changed").asList(Value::asString),
                  change,
                  now))
              .map(Neo4jOutboxStore::properties)
              .toList();
          return tx.runAsync(
                  "UNWIND $events AS e MATCH (i:Instance {i_id: e.i_id})"
                      + " CREATE (o:OutboxEvent) SET o = e CREATE (o)-[:FOR]->(i)",
                  Map.of("events", events))
              .thenCompose(c -> c.consumeAsync())
              .thenApply(x -> (Void) null);
        });
  }

  /**
   * Appends {@code instance.withdrawn} ({@code by: account_erased}) for each live instance of {@code uId}; the events
   * hang on no instance, so they outlive the erasure that deletes the instances.
   */
  public static CompletionStage<Void> accountErased(
      AsyncTransactionContext tx, String uId, Instant now) {
    return tx.runAsync(
            "MATCH (:User {u_id: $u})-[:CONSENTED]->(i:Instance)-[:WITH]->(a:AccessApplication)"
                + " WHERE i._state <> $ended AND (i.end_date IS NULL OR i.end_date > $now)"
                + " AND $type IN coalesce(a.webhook_events, [])"
                + " RETURN i.i_id AS i_id, i.a_id AS a_id, i.reference AS reference, i._state AS state"
                + " LIMIT " + MAX_INSTANCES,
            Map.of(
                "u",
                uId,
                "ended",
                MODEL.endedState(),
                "now",
                Objects.requireNonNull(Times.toGraph(now)),
                "type",
                ApplicationEvents.WITHDRAWN))
        .thenCompose(c -> c.listAsync())
        .thenCompose((List<Record> rows) -> rows.isEmpty()
            ? CompletableFuture.completedFuture(null)
            : tx.runAsync(
                    "UNWIND $events AS e CREATE (o:OutboxEvent) SET o = e",
                    Map.of(
                        "events",
                        rows.stream()
                            .map(r -> ApplicationEvents.erased(
                                r.get("i_id").asString(),
                                r.get("a_id").asString(),
                                r.get("reference").isNull()
                                    ? null
                                    : r.get("reference").asString(),
                                r.get("state").asString(),
                                now))
                            .map(Neo4jOutboxStore::properties)
                            .toList()))
                .thenCompose(c -> c.consumeAsync())
                .thenApply(x -> (Void) null));
  }
}

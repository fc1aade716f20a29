package org.kith.graph.consent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.authz.AuthorizationModel;
import org.kith.core.consent.Instance;
import org.kith.core.consent.InstanceStore;
import org.kith.core.consent.OutboxEvent;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link InstanceStore} on {@code (:User)-[:CONSENTED]->(:Instance {i_id, _state, …})-[:WITH]->(:AccessApplication)}
 * and {@code (:Instance)-[:SHARES]->(:ProfileObject)}; keys and custom data as JSON text. Thread-safe.
 */
public final class Neo4jInstanceStore implements InstanceStore {
  /** The relationship by which an instance shares an object, from the authorization model. */
  private static final String SHARES = AuthorizationModel.KITH.shares();

  private static final String RETURN =
      " RETURN i, [(i)-[:" + SHARES + "]->(n:ProfileObject) | n.n_id] AS shared";
  private final Cypher cypher;

  public Neo4jInstanceStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<Instance> create(Instance i, List<OutboxEvent> outbox, List<AuditEvent> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("i_id", i.iId());
    p.put("a_id", i.aId());
    p.put("owner", i.ownerUId());
    p.put("state", i.state());
    p.put("reference", i.reference());
    p.put("code", i.confirmationCode());
    p.put("start", Times.toGraph(i.startDate()));
    p.put("end", Times.toGraph(i.endDate()));
    p.put("objects", i.profileObjects());
    p.put("keys", Json.write(i.keys()));
    p.put("custom", Json.write(i.custom()));
    p.put("events", outbox.stream().map(Neo4jOutboxStore::properties).toList());
    return AuditAppender.writeAudited(
            cypher,
            "MATCH (u:User {u_id: $owner}), (a:AccessApplication {a_id: $a_id})"
                + " CREATE (u)-[:CONSENTED]->(i:Instance {i_id: $i_id, a_id: $a_id, owner_u_id: $owner, _state: $state,"
                + " reference: $reference, confirmation_code: $code, start_date: $start, end_date: $end, keys: $keys,"
                + " custom: $custom})-[:WITH]->(a)"
                + " WITH i CALL (i) { UNWIND $objects AS n_id MATCH (n:ProfileObject {n_id: n_id}) CREATE (i)-[:"
                + SHARES + "]->(n) } WITH i" + Neo4jOutboxStore.CREATE_FOR_INSTANCE,
            p,
            audit)
        .thenReturn(i);
  }

  @Override
  public Mono<Boolean> addShares(
      String iId, List<String> nIds, List<OutboxEvent> outbox, List<AuditEvent> audit) {
    // the instance's write lock first, so a withdrawal and an extension do not interleave
    return cypher
        .<Boolean>writeTransaction(tx -> tx.runAsync(
                "MATCH (i:Instance {i_id: $i_id})"
                    + " SET i._lock = true REMOVE i._lock WITH i WHERE i._state <> $withdrawn"
                    + " CALL (i) { UNWIND $objects AS n_id MATCH (n:ProfileObject {n_id: n_id})"
                    + " MERGE (i)-[:" + SHARES + "]->(n) } WITH i"
                    + Neo4jOutboxStore.CREATE_FOR_INSTANCE
                    + " RETURN count(i) AS n",
                Map.of(
                    "i_id",
                    iId,
                    "withdrawn",
                    org.kith.core.consent.Transitions.WITHDRAWN,
                    "objects",
                    nIds,
                    "events",
                    outbox.stream().map(Neo4jOutboxStore::properties).toList()))
            .thenCompose(c -> c.singleAsync())
            .thenCompose(r -> r.get("n").asLong() == 0
                ? CompletableFuture.completedFuture(List.of(false))
                : AuditAppender.append(tx, audit).thenApply(x -> List.of(true))))
        .next()
        .defaultIfEmpty(false);
  }

  @Override
  public Mono<Instance> find(String iId) {
    return cypher
        .read(
            "MATCH (i:Instance {i_id: $i_id})" + RETURN,
            Map.of("i_id", iId),
            Neo4jInstanceStore::map)
        .next();
  }

  @Override
  public Flux<Instance> list(
      @Nullable String ownerUId, @Nullable String aId, Filter filter, int limit) {
    Map<String, Object> p = new HashMap<>();
    List<String> where = new ArrayList<>();
    String match;
    if (ownerUId != null) {
      match = "MATCH (:User {u_id: $owner})-[:CONSENTED]->(i:Instance)";
      p.put("owner", ownerUId);
    } else {
      match = "MATCH (i:Instance)-[:WITH]->(:AccessApplication {a_id: $a_id})";
      p.put("a_id", aId);
    }
    dateFilter("start_date", filter.start(), "start", where, p);
    if (filter.end() != null) {
      dateFilter(
          "coalesce(i.end_date, datetime('9999-12-31T00:00:00Z'))", filter.end(), "end", where, p);
    }
    if (filter.state() != null) {
      where.add("i._state = $state");
      p.put("state", filter.state());
    }
    if (filter.after() != null) {
      where.add(
          "(i.start_date < $after_date OR (i.start_date = $after_date AND i.i_id > $after_id))");
      p.put("after_date", Times.toGraph(filter.after().startDate()));
      p.put("after_id", filter.after().iId());
    }
    p.put("limit", (long) limit);
    return cypher.read(
        match + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
            + " WITH i ORDER BY i.start_date DESC, i.i_id LIMIT $limit" + RETURN,
        p,
        Neo4jInstanceStore::map);
  }

  private static void dateFilter(
      String field,
      @Nullable DateFilter f,
      String name,
      List<String> where,
      Map<String, Object> p) {
    if (f == null) {
      return;
    }
    String op = switch (f.op()) {
      case "gt" -> ">";
      case "gte" -> ">=";
      case "lt" -> "<";
      case "lte" -> "<=";
      case "eq" -> "=";
      default -> throw new IllegalArgumentException("unknown operator");
    };
    where.add((field.contains("(") ? field : "i." + field) + " " + op + " $" + name);
    p.put(name, Times.toGraph(f.date()));
  }

  @Override
  public Mono<Boolean> move(
      String iId,
      String from,
      String to,
      Map<String, Object> custom,
      List<OutboxEvent> outbox,
      List<AuditEvent> audit) {
    List<Map<String, Object>> events =
        outbox.stream().map(Neo4jOutboxStore::properties).toList();
    // compare-and-set: take the instance's write lock first (a write), then compare the state read
    // under the lock;
    // of concurrent moves exactly one finds the state it expects, the others find the winner's and
    // change nothing
    return cypher
        .<Boolean>writeTransaction(tx -> tx.runAsync(
                "MATCH (i:Instance {i_id: $i_id})"
                    + " SET i._lock = true REMOVE i._lock WITH i WHERE i._state = $from"
                    + " SET i._state = $to, i.custom = $custom, i.updated_at = datetime()"
                    + " WITH i" + Neo4jOutboxStore.CREATE_FOR_INSTANCE
                    + " RETURN count(i) AS n",
                Map.of(
                    "i_id",
                    iId,
                    "from",
                    from,
                    "to",
                    to,
                    "custom",
                    Json.write(custom),
                    "events",
                    events))
            .thenCompose(c -> c.singleAsync())
            .thenCompose(r -> r.get("n").asLong() == 0
                ? CompletableFuture.completedFuture(List.of(false))
                : AuditAppender.append(tx, audit).thenApply(x -> List.of(true))))
        .next();
  }

  @Override
  public Flux<Map<String, Object>> sharesOf(String nId) {
    return cypher.read(
        "MATCH (:ProfileObject {n_id: $n_id})<-[:" + SHARES + "]-(i:Instance)"
            + " RETURN i.i_id AS i_id, i.a_id AS a_id, i._state AS state, i.keys AS keys,"
            + " i.start_date AS start_date ORDER BY i.start_date DESC"
            + " LIMIT 1000",
        Map.of("n_id", nId),
        r -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("i_id", r.get("i_id").asString());
          m.put("a_id", r.get("a_id").asString());
          m.put("_state", r.get("state").asString());
          m.put("keys", keys(r.get("keys").asString("[]")));
          java.time.Instant start = Times.fromGraph(r.get("start_date"));
          m.put("start_date", start == null ? null : start.toString());
          return m;
        });
  }

  /** Instance keys as stored; instances made before keys were checked stored an object, read as none. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> keys(String json) {
    return json.startsWith("[")
        ? (List<Map<String, Object>>) (List<?>) Json.readList(json)
        : List.of();
  }

  static Instance map(Record r) {
    Value i = r.get("i");
    return new Instance(
        i.get("i_id").asString(),
        i.get("a_id").asString(),
        i.get("owner_u_id").asString(),
        i.get("_state").asString(),
        i.get("reference").asString(null),
        i.get("confirmation_code").asString(),
        Times.fromGraph(i.get("start_date")),
        Times.fromGraph(i.get("end_date")),
        r.get("shared").asList(Value::asString),
        keys(i.get("keys").asString("[]")),
        Json.readObject(i.get("custom").asString("{}")));
  }
}

package org.kith.graph.schema;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.kith.core.audit.AuditEvent;
import org.kith.core.schema.SchemaName;
import org.kith.core.schema.SchemaStore;
import org.kith.core.schema.SchemaType;
import org.kith.core.schema.StoredSchema;
import org.kith.graph.audit.AuditAppender;
import org.kith.graph.json.Json;
import org.kith.graph.neo4j.Cypher;
import org.kith.graph.neo4j.Times;
import org.neo4j.driver.Record;
import org.neo4j.driver.types.Node;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@link SchemaStore} on {@code (:Schema {name, type, schema_id, version, current, schema})} nodes, one per
 * version. A new version locks the name's {@code (:SchemaHead)} so concurrent updates get distinct numbers.
 */
public final class Neo4jSchemaStore implements SchemaStore {
  private final Cypher cypher;

  public Neo4jSchemaStore(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<StoredSchema> current(SchemaName name) {
    return cypher
        .read(
            "MATCH (s:Schema {name: $name, current: true}) RETURN s",
            Map.of("name", name.full()),
            Neo4jSchemaStore::map)
        .next();
  }

  @Override
  public Mono<StoredSchema> version(SchemaName name, int version) {
    return cypher
        .read(
            "MATCH (s:Schema {name: $name, version: $v}) RETURN s",
            Map.of("name", name.full(), "v", version),
            Neo4jSchemaStore::map)
        .next();
  }

  @Override
  public Flux<StoredSchema> list(
      @Nullable SchemaType type, boolean currentOnly, @Nullable After after, int limit) {
    Map<String, Object> p = new HashMap<>();
    p.put("type", type == null ? null : type.wire());
    p.put("current_only", currentOnly);
    p.put("after_name", after == null ? null : after.name());
    p.put("after_version", after == null ? null : (long) after.version());
    p.put("limit", (long) Math.min(Math.max(limit, 1), MAX_LISTED));
    return cypher.read(
        "MATCH (s:Schema) WHERE ($type IS NULL OR s.type = $type) AND (NOT $current_only OR s.current)"
            + " AND ($after_name IS NULL OR s.name > $after_name"
            + " OR (s.name = $after_name AND s.version > $after_version))"
            + " RETURN s ORDER BY s.name, s.version LIMIT $limit",
        p,
        Neo4jSchemaStore::map);
  }

  @Override
  public Mono<StoredSchema> addVersion(
      SchemaName name,
      Map<String, Object> schema,
      @Nullable String createdBy,
      Instant now,
      IntFunction<List<AuditEvent>> audit) {
    Map<String, Object> p = new HashMap<>();
    p.put("name", name.full());
    p.put("type", name.type().wire());
    p.put("id", name.id());
    p.put("schema", Json.write(schema));
    p.put("by", createdBy);
    p.put("now", Times.toGraph(now));
    return cypher
        .<StoredSchema>writeTransaction(tx -> tx.runAsync(
                "MERGE (h:SchemaHead {name: $name})"
                    + " ON CREATE SET h.version = 0 SET h.version = h.version + 1"
                    + " WITH h OPTIONAL MATCH (old:Schema {name: $name, current: true}) SET old.current = false"
                    + " WITH DISTINCT h CREATE (s:Schema {name: $name, type: $type, schema_id: $id, version: h.version,"
                    + " current: true, schema: $schema, created_by: $by, created_at: $now}) RETURN s",
                p)
            .thenCompose(c -> c.listAsync(Neo4jSchemaStore::map))
            .thenCompose(added -> AuditAppender.append(
                    tx,
                    added.stream()
                        .flatMap(s -> audit.apply(s.version()).stream())
                        .toList())
                .thenApply(x -> added)))
        .next();
  }

  private static StoredSchema map(Record r) {
    Node s = r.get("s").asNode();
    return new StoredSchema(
        SchemaName.parse(s.get("name").asString()).orElseThrow(),
        s.get("version").asInt(),
        s.get("current").asBoolean(),
        Json.readObject(s.get("schema").asString()),
        s.get("created_by").asString(null),
        Times.fromGraph(s.get("created_at")));
  }
}

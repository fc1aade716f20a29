package org.kith.graph.query;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.query.GuardDefect;
import org.neo4j.driver.Value;
import org.neo4j.driver.types.Entity;
import org.neo4j.driver.types.Node;
import org.neo4j.driver.types.Path;
import org.neo4j.driver.types.Point;
import org.neo4j.driver.types.Relationship;

/**
 * Driver values as JSON-ready Java values: nodes {@code {n_id, labels, properties}}, relationships
 * {@code {p_id, type, start, end, properties}} (start and end as public ids), paths as the list of their nodes
 * and relationships in order, temporals and durations as ISO-8601 text, points as maps, bytes as base64, and
 * non-finite floats as text. Kith's own properties (starting with {@code _}) are left out of entities.
 */
final class ResultValues {
  /**
   * The labels an analyst may ever see a node with: profile objects, users and groups. Anything else is one of
   * Kith's internal nodes (credentials, tokens, keys, audit events…), so finding one is a guard defect.
   */
  static final Set<String> VISIBLE_KINDS = Set.of("ProfileObject", "User", "Group");
  /**
   * Property names that hold secrets on Kith's own nodes; found on a user or group node, a guard defect. Profile
   * objects are exempt: their properties are the owner's data and may have any name.
   */
  static final Set<String> SECRETS =
      Set.of("password_hash", "secret_hash", "code_hash", "hash", "private_key", "key");

  private ResultValues() {}

  static @Nullable Object map(Value value, ResultMapper checker) {
    checker.count();
    return switch (kind(value)) {
      case "NULL" -> null;
      case "NODE" -> node(value.asNode(), checker);
      case "RELATIONSHIP" -> relationship(value.asRelationship(), checker);
      case "PATH" -> path(value.asPath(), checker);
      case "LIST" -> {
        List<Object> out = new ArrayList<>(value.size());
        for (Value item : value.values()) {
          out.add(map(item, checker));
        }
        yield out;
      }
      case "MAP" -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : value.keys()) {
          out.put(key, map(value.get(key), checker));
        }
        yield out;
      }
      case "FLOAT" -> {
        double d = value.asDouble();
        yield Double.isFinite(d) ? (Object) d : Double.toString(d);
      }
      case "BYTES" -> Base64.getEncoder().encodeToString(value.asByteArray());
      case "POINT" -> point(value.asPoint());
      case "DATE", "TIME", "LOCAL_TIME", "DATE_TIME", "LOCAL_DATE_TIME", "DURATION" ->
        value.asObject().toString();
      default -> value.asObject();
    };
  }

  /** The value's type name, lists of any element type as {@code LIST} (the driver names them "LIST OF ANY?"). */
  private static String kind(Value value) {
    String name = value.type().name();
    return name.startsWith("LIST") ? "LIST" : name;
  }

  /**
   * Adds the ids of every node in {@code value} and of both ends of every relationship to {@code ids}, and the
   * public id of every node that came whole to {@code publicIds}. Internal ids, as the guard's parameters (see
   * {@link CypherGuard#SUBJECTS}).
   */
  @SuppressWarnings("deprecation")
  static void collectNodeIds(Value value, java.util.Set<Long> ids, Map<Long, String> publicIds) {
    switch (kind(value)) {
      case "NODE" -> node(value.asNode(), ids, publicIds);
      case "RELATIONSHIP" -> {
        ids.add(value.asRelationship().startNodeId());
        ids.add(value.asRelationship().endNodeId());
      }
      case "PATH" -> value.asPath().nodes().forEach(n -> node(n, ids, publicIds));
      case "LIST" -> value.values().forEach(v -> collectNodeIds(v, ids, publicIds));
      case "MAP" -> value.values().forEach(v -> collectNodeIds(v, ids, publicIds));
      default -> {}
    }
  }

  @SuppressWarnings("deprecation")
  private static void node(Node node, java.util.Set<Long> ids, Map<Long, String> publicIds) {
    ids.add(node.id());
    for (String key : PUBLIC_ID_KEYS) {
      Value id = node.get(key);
      if (!id.isNull()) {
        publicIds.put(node.id(), id.asObject().toString());
        return;
      }
    }
    publicIds.put(node.id(), "");
  }

  /** Where a node's public id is, in the order {@code coalesce(n.n_id, n.u_id, n.g_id)} looks. */
  private static final List<String> PUBLIC_ID_KEYS = List.of("n_id", "u_id", "g_id");

  @SuppressWarnings("deprecation")
  private static Map<String, Object> node(Node node, ResultMapper checker) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("n_id", checker.publicId(node.id(), "a node"));
    List<String> labels = new ArrayList<>();
    node.labels().forEach(labels::add);
    out.put("labels", labels);
    if (labels.stream().noneMatch(VISIBLE_KINDS::contains)) {
      throw new GuardDefect("a result held one of Kith's internal nodes");
    }
    out.put("properties", properties(node, !labels.contains("ProfileObject"), checker));
    return out;
  }

  @SuppressWarnings("deprecation")
  private static Map<String, Object> relationship(Relationship r, ResultMapper checker) {
    Map<String, Object> out = new LinkedHashMap<>();
    String start = checker.publicId(r.startNodeId(), "a relationship's start node");
    String end = checker.publicId(r.endNodeId(), "a relationship's end node");
    out.put("p_id", r.get("p_id").isNull() ? null : r.get("p_id").asObject());
    out.put("type", r.type());
    out.put("start", start);
    out.put("end", end);
    // no secret-name check: Kith keeps no secret on a relationship, and one between two profile
    // objects holds
    // the owner's data; what guards a relationship is that both its ends are in the caller's
    // visible set
    out.put("properties", properties(r, false, checker));
    return out;
  }

  private static List<Object> path(Path path, ResultMapper checker) {
    List<Object> out = new ArrayList<>();
    out.add(node(path.start(), checker));
    for (Path.Segment segment : path) {
      out.add(relationship(segment.relationship(), checker));
      out.add(node(segment.end(), checker));
    }
    return out;
  }

  /** The entity's properties but Kith's own; {@code kithNode}: a {@link GuardDefect} if one holds a secret. */
  private static Map<String, Object> properties(
      Entity entity, boolean kithNode, ResultMapper checker) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String key : entity.keys()) {
      if (kithNode && SECRETS.contains(key)) {
        throw new GuardDefect("a result held a secret property");
      }
      if (!key.startsWith("_")) {
        out.put(key, map(entity.get(key), checker));
      }
    }
    return out;
  }

  private static Map<String, Object> point(Point p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("srid", p.srid());
    out.put("x", p.x());
    out.put("y", p.y());
    if (!Double.isNaN(p.z())) {
      out.put("z", p.z());
    }
    return out;
  }
}

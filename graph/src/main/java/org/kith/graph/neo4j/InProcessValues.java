package org.kith.graph.neo4j;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neo4j.driver.Value;
import org.neo4j.driver.Values;
import org.neo4j.driver.internal.InternalNode;
import org.neo4j.driver.internal.InternalPath;
import org.neo4j.driver.internal.InternalRelationship;
import org.neo4j.driver.types.Entity;
import org.neo4j.graphdb.Node;
import org.neo4j.graphdb.Path;
import org.neo4j.graphdb.Relationship;
import org.neo4j.graphdb.spatial.Point;
import org.neo4j.values.storable.DurationValue;

/**
 * Values between the driver's types and the embedded database's, for {@link InProcessTransaction}: parameters go
 * in as the Java values the database takes, results come out as the driver values Bolt would have given, so a
 * store's mapping code cannot tell the two ways apart. Entities are copied while their transaction is open.
 */
final class InProcessValues {
  private InProcessValues() {}

  /** A query parameter as the embedded database takes it. */
  static Object parameter(Object value) {
    if (value instanceof Value v) {
      return v.isNull() ? null : parameter(v.asObject());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), v == null ? null : parameter(v)));
      return copy;
    }
    if (value instanceof Iterable<?> items) {
      List<Object> copy = new ArrayList<>();
      items.forEach(v -> copy.add(v == null ? null : parameter(v)));
      return copy;
    }
    if (value instanceof Character c) {
      return String.valueOf(c);
    }
    return value;
  }

  static Map<String, Object> parameters(Map<String, Object> params) {
    Map<String, Object> copy = new LinkedHashMap<>();
    params.forEach((k, v) -> copy.put(k, v == null ? null : parameter(v)));
    return copy;
  }

  /** A result value as the driver would have decoded it from Bolt. */
  static Value result(Object value) {
    if (value == null) {
      return Values.NULL;
    }
    if (value instanceof Node node) {
      return node(node).asValue();
    }
    if (value instanceof Relationship rel) {
      return relationship(rel).asValue();
    }
    if (value instanceof Path path) {
      List<Entity> entities = new ArrayList<>();
      Node previous = path.startNode();
      entities.add(node(previous));
      for (Relationship rel : path.relationships()) {
        entities.add(relationship(rel));
        previous = rel.getOtherNode(previous);
        entities.add(node(previous));
      }
      return new InternalPath(entities).asValue();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Value> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(String.valueOf(k), result(v)));
      return Values.value(copy);
    }
    if (value instanceof Iterable<?> items) {
      List<Value> copy = new ArrayList<>();
      items.forEach(v -> copy.add(result(v)));
      return Values.value(copy);
    }
    if (value instanceof DurationValue d) {
      return Values.isoDuration(
          d.get(ChronoUnit.MONTHS), d.get(ChronoUnit.DAYS), d.get(ChronoUnit.SECONDS), (int)
              d.get(ChronoUnit.NANOS));
    }
    if (value instanceof Point p) {
      double[] c = p.getCoordinate().getCoordinate();
      int srid = p.getCRS().getCode();
      return c.length == 2 ? Values.point(srid, c[0], c[1]) : Values.point(srid, c[0], c[1], c[2]);
    }
    return Values.value(value);
  }

  private static Map<String, Value> properties(Map<String, Object> properties) {
    Map<String, Value> copy = new LinkedHashMap<>();
    properties.forEach((k, v) -> copy.put(k, result(v)));
    return copy;
  }

  @SuppressWarnings("removal") // the driver's entities still carry the numeric ids Bolt sends
  private static InternalNode node(Node node) {
    List<String> labels = new ArrayList<>();
    node.getLabels().forEach(l -> labels.add(l.name()));
    return new InternalNode(
        node.getId(), node.getElementId(), labels, properties(node.getAllProperties()));
  }

  @SuppressWarnings("removal") // as above
  private static InternalRelationship relationship(Relationship rel) {
    return new InternalRelationship(
        rel.getId(),
        rel.getElementId(),
        rel.getStartNode().getId(),
        rel.getStartNode().getElementId(),
        rel.getEndNode().getId(),
        rel.getEndNode().getElementId(),
        rel.getType().name(),
        properties(rel.getAllProperties()));
  }
}

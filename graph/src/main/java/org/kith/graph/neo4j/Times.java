package org.kith.graph.neo4j;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.jspecify.annotations.Nullable;
import org.neo4j.driver.Value;

/** Instants are stored as Neo4j {@code DATETIME} in UTC so analysts can compare them in Cypher; the one place that says how. */
public final class Times {
  private Times() {}

  public static @Nullable ZonedDateTime toGraph(@Nullable Instant instant) {
    return instant == null ? null : instant.atZone(ZoneOffset.UTC);
  }

  public static @Nullable Instant fromGraph(Value value) {
    return value.isNull() ? null : value.asZonedDateTime().toInstant();
  }
}

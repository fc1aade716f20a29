package org.kith.graph.account;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.jspecify.annotations.Nullable;
import org.neo4j.driver.Value;

/** Instants are stored as Neo4j {@code DATETIME} in UTC so analysts can compare them in Cypher. */
final class Times {
  private Times() {}

  static @Nullable ZonedDateTime toGraph(@Nullable Instant instant) {
    return instant == null ? null : instant.atZone(ZoneOffset.UTC);
  }

  static @Nullable Instant fromGraph(Value value) {
    return value.isNull() ? null : value.asZonedDateTime().toInstant();
  }
}

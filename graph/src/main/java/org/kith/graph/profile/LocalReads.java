package org.kith.graph.profile;

import java.util.Map;
import java.util.function.Function;
import org.kith.core.Consistency;
import org.kith.graph.neo4j.Cypher;
import org.neo4j.driver.Record;
import reactor.core.publisher.Flux;

/**
 * The permission-checked reads' way into the graph: in this JVM ({@link
 * org.kith.graph.neo4j.GraphConnection#inProcessCypher()}) when the request carries no consistency token, through
 * the driver otherwise, so a token is still waited for and a foreign one still refused. Without a token the two
 * answer alike: the embedded database is the only copy, and the in-process path sees every acknowledged commit.
 * With an external server both are the driver. Thread-safe.
 */
final class LocalReads {
  private final Cypher cypher;
  private final Cypher local;

  LocalReads(Cypher cypher, Cypher local) {
    this.cypher = cypher;
    this.local = local;
  }

  <T> Flux<T> read(String query, Map<String, Object> params, Function<Record, T> mapper) {
    return Flux.deferContextual(context -> {
      Consistency c = Consistency.in(context);
      return (c == null || c.required().isEmpty() ? local : cypher).read(query, params, mapper);
    });
  }
}

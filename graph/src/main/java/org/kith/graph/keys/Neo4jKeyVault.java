package org.kith.graph.keys;

import java.util.Map;
import org.kith.core.keys.KeyVault;
import org.kith.graph.neo4j.Cypher;
import reactor.core.publisher.Mono;

/**
 * {@link KeyVault} as internal {@code :KithKey} nodes (unique by name), holding only sealed values in Kith's own
 * properties ({@code _sealed}, {@code _version}), which analysts' queries cannot name. A write takes
 * the node's lock before it compares versions, so of two concurrent writers naming the same version exactly one
 * succeeds. Reads and writes run without the request consistency token: keys are read at start-up and polled.
 */
public final class Neo4jKeyVault implements KeyVault {
  private final Cypher cypher;

  public Neo4jKeyVault(Cypher cypher) {
    this.cypher = cypher;
  }

  @Override
  public Mono<Sealed> read(String name) {
    return cypher
        .read(
            "MATCH (k:KithKey {name: $name}) RETURN k._version AS version, k._sealed AS sealed",
            Map.of("name", name),
            r -> new Sealed(r.get("version").asLong(), r.get("sealed").asString()))
        .next();
  }

  @Override
  public Mono<Boolean> write(String name, long expected, String value) {
    return cypher
        .write(
            "MERGE (k:KithKey {name: $name}) ON CREATE SET k._version = 0"
                + " SET k._lock = true REMOVE k._lock"
                + " WITH k WHERE k._version = $expected"
                + " SET k._version = $expected + 1, k._sealed = $sealed, k._updated_at = datetime()"
                + " RETURN k._version AS version",
            Map.of("name", name, "expected", expected, "sealed", value),
            r -> r.get("version").asLong())
        .hasElements();
  }
}

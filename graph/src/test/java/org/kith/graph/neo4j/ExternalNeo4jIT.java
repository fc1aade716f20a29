package org.kith.graph.neo4j;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.graph.TestGraph;
import org.testcontainers.containers.Neo4jContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import reactor.test.StepVerifier;

/** The same code path against a Neo4j 5.26 server in a container (skipped where there is no Docker engine). */
@Testcontainers(disabledWithoutDocker = true)
@DisplayName("external Neo4j server (Testcontainers)")
class ExternalNeo4jIT {
  @Container
  static final Neo4jContainer<?> NEO4J =
      new Neo4jContainer<>("neo4j:5.26-community").withAdminPassword("kith-test-pw");

  @Test
  @DisplayName("connects by URI, migrates and round-trips data without starting anything")
  void external() {
    GraphSettings settings = new GraphSettings(
        TestGraph.newDataDir(),
        NEO4J.getBoltUrl(),
        "neo4j",
        "kith-test-pw",
        "neo4j",
        java.time.Duration.ofSeconds(30),
        512L << 20,
        64L << 20);
    try (GraphConnection c = GraphConnection.open(settings)) {
      org.assertj.core.api.Assertions.assertThat(c.isEmbedded()).isFalse();
      c.cypher().write("MERGE (:ProfileObject {n_id: 'ext-1'})", Map.of()).block();
      c.cypher()
          .read(
              "MATCH (g:Group {g_id: 'PUBLIC'}) RETURN count(g) AS n",
              Map.of(),
              r -> r.get("n").asLong())
          .as(StepVerifier::create)
          .expectNext(1L)
          .verifyComplete();
    }
  }
}

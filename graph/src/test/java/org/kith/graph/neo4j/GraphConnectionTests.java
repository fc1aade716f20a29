package org.kith.graph.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.Failed;
import org.kith.core.ProblemKind;
import org.kith.graph.TestGraph;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import reactor.test.StepVerifier;

@DisplayName("graph connection")
class GraphConnectionTests {

  @Test
  @DisplayName("embedded: data survives a clean shutdown and restart; migrations are idempotent")
  void restart() {
    Path dir = TestGraph.newDataDir();
    try (GraphConnection first = GraphConnection.open(GraphSettings.embedded(dir))) {
      assertThat(first.isEmbedded()).isTrue();
      first
          .cypher()
          .write("CREATE (:ProfileObject {n_id: 'n-1', note: 'kept'})", Map.of())
          .block();
    }
    try (GraphConnection second = GraphConnection.open(GraphSettings.embedded(dir))) {
      second
          .cypher()
          .read(
              "MATCH (n:ProfileObject {n_id: 'n-1'}) RETURN n.note AS note",
              Map.of(),
              r -> r.get("note").asString())
          .as(StepVerifier::create)
          .expectNext("kept")
          .verifyComplete();
      second
          .cypher()
          .read(
              "MATCH (g:Group {g_id: 'PUBLIC'}) RETURN count(g) AS n",
              Map.of(),
              r -> r.get("n").asLong())
          .as(StepVerifier::create)
          .expectNext(1L)
          .verifyComplete();
      second
          .cypher()
          .read(
              "SHOW CONSTRAINTS YIELD name RETURN count(*) AS n",
              Map.of(),
              r -> r.get("n").asLong())
          .as(StepVerifier::create)
          .assertNext(n -> assertThat(n).isGreaterThanOrEqualTo(12))
          .verifyComplete();
      // a unique id really is unique
      second
          .cypher()
          .write("CREATE (:ProfileObject {n_id: 'n-1'})", Map.of())
          .as(StepVerifier::create)
          .verifyError(ConstraintViolation.class);
    }
  }

  @Test
  @DisplayName("embedded hardening: loopback Bolt, password required, no CSV from file URLs")
  void hardening() {
    Path dir = TestGraph.newDataDir();
    try (GraphConnection c = GraphConnection.open(GraphSettings.embedded(dir))) {
      String uri = c.embeddedBoltUri();
      assertThat(uri).startsWith("bolt://127.0.0.1:");
      c.cypher()
          .read("LOAD CSV FROM 'file:///etc/hostname' AS line RETURN line", Map.of(), r -> r)
          .as(StepVerifier::create)
          .verifyErrorSatisfies(
              e -> assertThat(((Failed) e).kind()).isEqualTo(ProblemKind.INTERNAL));
      String bolt = c.cypher()
          .read(
              "CALL dbms.listConfig('server.bolt.listen_address') YIELD value RETURN value",
              Map.of(),
              r -> r.get("value").asString())
          .blockFirst();
      assertThat(bolt).startsWith("127.0.0.1:");
      String port = uri.substring(uri.lastIndexOf(':') + 1);
      try (var anonymous = GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.none())) {
        assertThatThrownBy(anonymous::verifyConnectivity)
            .isInstanceOfAny(AuthenticationException.class, ClientException.class);
      }
      try (var guessed =
          GraphDatabase.driver("bolt://127.0.0.1:" + port, AuthTokens.basic("neo4j", "neo4j"))) {
        assertThatThrownBy(guessed::verifyConnectivity)
            .isInstanceOfAny(AuthenticationException.class, ClientException.class);
      }
    }
  }

  @Test
  @DisplayName("driver failures become Kith failures once: unreachable → 503, anything else → 500")
  void translation() {
    assertThat(((Failed) Cypher.translate(new ServiceUnavailableException("down"))).kind())
        .isEqualTo(ProblemKind.UNAVAILABLE);
    assertThat(((Failed) Cypher.translate(new IllegalStateException("boom"))).kind())
        .isEqualTo(ProblemKind.INTERNAL);
    assertThat(Cypher.translate(
            new ClientException("Neo.ClientError.Schema.ConstraintValidationFailed", "dup")))
        .isInstanceOf(ConstraintViolation.class);
  }
}

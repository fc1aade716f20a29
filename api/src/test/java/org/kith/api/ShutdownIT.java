package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.test.StepVerifier;

@DisplayName("shutdown")
class ShutdownIT {
  @Test
  @DisplayName(
      "closing Kith releases the embedded database cleanly and keeps acknowledged writes; keys persist")
  void cleanShutdown() throws Exception {
    Path dir = Files.createTempDirectory("kith-shutdown-");
    String uId;
    String kid;
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(KithApplication.class)
        .run("--server.port=0", "--kith.data-dir=" + dir)) {
      String port = app.getEnvironment().getProperty("local.server.port");
      WebTestClient http =
          WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
      Map<?, ?> body = http.post()
          .uri("/v1/auth/signup")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("username", "kept@example.org", "password", "correct horse battery"))
          .exchange()
          .expectStatus()
          .isCreated()
          .expectBody(Map.class)
          .returnResult()
          .getResponseBody();
      uId = (String) body.get("u_id");
      kid = (String) ((Map<?, ?>) ((java.util.List<?>) http.get()
                  .uri("/.well-known/jwks.json")
                  .exchange()
                  .expectBody(Map.class)
                  .returnResult()
                  .getResponseBody()
                  .get("keys"))
              .get(0))
          .get("kid");
    }
    // The store lock is free again (open would fail otherwise) and the account is there.
    try (GraphConnection graph = GraphConnection.open(GraphSettings.embedded(dir))) {
      graph
          .cypher()
          .read(
              "MATCH (u:User {u_id: $u}) RETURN u.username AS n",
              Map.of("u", uId),
              r -> r.get("n").asString())
          .as(StepVerifier::create)
          .expectNext("kept@example.org")
          .verifyComplete();
    }
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(KithApplication.class)
        .run("--server.port=0", "--kith.data-dir=" + dir)) {
      String port = app.getEnvironment().getProperty("local.server.port");
      WebTestClient.bindToServer()
          .baseUrl("http://127.0.0.1:" + port)
          .build()
          .get()
          .uri("/.well-known/jwks.json")
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.keys[0].kid")
          .isEqualTo(kid);
    }
    assertThat(uId).isNotBlank();
  }
}

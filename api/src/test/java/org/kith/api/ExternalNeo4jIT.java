package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kith.api.KithProcesses.field;
import static org.kith.api.KithProcesses.login;
import static org.kith.api.KithProcesses.send;
import static org.kith.api.KithProcesses.signupVerified;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Kith API nodes over one external Neo4j ({@link TwoNodes}): consistency tokens across nodes, and the database
 * killed (SIGKILL) and brought back under load. What the nodes share besides the database: {@link SharedStateIT}.
 */
@DisplayName("two API nodes on an external Neo4j")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalNeo4jIT {
  static final String USER = "cluster@example.org";
  TwoNodes nodes;
  int portA;
  int portB;
  String token;

  @BeforeAll
  void startAll() throws Exception {
    nodes = new TwoNodes(USER);
    portA = nodes.portA;
    portB = nodes.portB;
    signupVerified(portA, nodes.dataA, USER);
    token = login(portA, USER);
  }

  @AfterAll
  void stopAll() throws Exception {
    if (nodes != null) {
      nodes.shutDown();
    }
  }

  static String person(String name) {
    return "{\"schema\":\"ss_NZ_Person\",\"properties\":{\"given_names\":\"" + name
        + "\",\"family_name\":\"External\",\"date_of_birth\":\"1990-01-02\"}}";
  }

  @Test
  @Order(1)
  @DisplayName(
      "a write on node A, then a read on node B with A's consistency token, sees the write; a token from"
          + " one node is accepted by the other")
  void readYourWritesAcrossNodes() throws Exception {
    for (int i = 0; i < 20; i++) {
      HttpResponse<String> created =
          send(portA, "POST", "/v1/db/profile-objects", token, person("Node" + i));
      assertThat(created.statusCode()).isEqualTo(201);
      String nId = field(created.body(), "n_id");
      String written = created.headers().firstValue("Kith-Consistency-Token").orElseThrow();
      HttpResponse<String> updated = send(
          portB,
          "PUT",
          "/v1/db/profile-objects/" + nId,
          token,
          "{\"properties\":{\"given_names\":\"Moved" + i + "\",\"family_name\":\"External\","
              + "\"date_of_birth\":\"1990-01-02\"}}",
          written);
      assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
      String afterUpdate =
          updated.headers().firstValue("Kith-Consistency-Token").orElseThrow();
      HttpResponse<String> read =
          send(portA, "GET", "/v1/db/profile-objects/" + nId, token, null, afterUpdate);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(field(read.body(), "given_names")).isEqualTo("Moved" + i);
    }
  }

  /** One request's outcome during the outage. */
  record Outcome(int status, String contentType, Duration took) {}

  Outcome timed(int port, String method, String path, String body) {
    Instant started = Instant.now();
    try {
      HttpResponse<String> r = send(port, method, path, token, body);
      return new Outcome(
          r.statusCode(),
          r.headers().firstValue("Content-Type").orElse(""),
          Duration.between(started, Instant.now()));
    } catch (Exception e) {
      return new Outcome(-1, e.toString(), Duration.between(started, Instant.now()));
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "Neo4j killed under load: both nodes answer 503 problem+json quickly, serve again within 10 s of the"
          + " database's return, and no acknowledged write is lost")
  void databaseDownAndBack() throws Exception {
    ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService load = Executors.newFixedThreadPool(2);
    for (int port : new int[] {portA, portB}) {
      load.submit(() -> {
        for (int i = 0; running.get(); i++) {
          try {
            HttpResponse<String> r =
                send(port, "POST", "/v1/db/profile-objects", token, person("Load" + i));
            if (r.statusCode() == 201) {
              acknowledged.add(field(r.body(), "n_id"));
            }
          } catch (Exception e) {
            // not acknowledged
          }
          Thread.sleep(20);
        }
        return null;
      });
    }
    Thread.sleep(2000);
    nodes.killNeo4j();
    Thread.sleep(500);

    ExecutorService burst = Executors.newFixedThreadPool(16);
    List<Callable<Outcome>> calls = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      int port = i % 2 == 0 ? portA : portB;
      calls.add(
          i % 4 < 2
              ? () -> timed(port, "GET", "/v1/db/profile-objects/mine", null)
              : () -> timed(port, "POST", "/v1/db/profile-objects", person("Down")));
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> f : burst.invokeAll(calls)) {
      outcomes.add(f.get());
    }
    burst.shutdown();
    Duration slowest =
        outcomes.stream().map(Outcome::took).max(Duration::compareTo).orElseThrow();
    System.out.printf(
        "external Neo4j down: 16 concurrent requests, slowest answer %d ms: %s%n",
        slowest.toMillis(), outcomes);
    assertThat(outcomes).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(503);
      assertThat(o.contentType()).startsWith("application/problem+json");
    });
    assertThat(slowest)
        .as("answers come fast, they do not pile up")
        .isLessThan(Duration.ofSeconds(8));
    assertThat(send(portA, "GET", "/actuator/health/readiness", null, null).statusCode())
        .isEqualTo(503);

    nodes.restartNeo4j();
    Instant back = Instant.now();
    Duration servedA = awaitServing(portA, back);
    Duration servedB = awaitServing(portB, back);
    System.out.printf(
        "external Neo4j back: node A served again after %d ms, node B after %d ms%n",
        servedA.toMillis(), servedB.toMillis());
    assertThat(servedA).isLessThan(Duration.ofSeconds(10));
    assertThat(servedB).isLessThan(Duration.ofSeconds(10));
    assertThat(send(portA, "GET", "/actuator/health/readiness", null, null).statusCode())
        .as("ready again")
        .isEqualTo(200);
    Thread.sleep(1000);
    running.set(false);
    load.shutdown();
    assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    List<String> lost = new ArrayList<>();
    for (String nId : acknowledged) {
      if (send(portB, "GET", "/v1/db/profile-objects/" + nId, token, null).statusCode() != 200) {
        lost.add(nId);
      }
    }
    System.out.printf(
        "external Neo4j: %d creates acknowledged across the outage, %d lost%n",
        acknowledged.size(), lost.size());
    assertThat(acknowledged).hasSizeGreaterThan(10);
    assertThat(lost).as("acknowledged but lost").isEmpty();
  }

  Duration awaitServing(int port, Instant since) throws Exception {
    Instant deadline = since.plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (send(port, "POST", "/v1/db/profile-objects", token, person("Back")).statusCode()
            == 201) {
          return Duration.between(since, Instant.now());
        }
      } catch (Exception e) {
        // not yet
      }
      Thread.sleep(100);
    }
    return Duration.ofSeconds(30);
  }
}

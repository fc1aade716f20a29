package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kith.api.KithProcesses.awaitUp;
import static org.kith.api.KithProcesses.delete;
import static org.kith.api.KithProcesses.field;
import static org.kith.api.KithProcesses.freePort;
import static org.kith.api.KithProcesses.login;
import static org.kith.api.KithProcesses.send;
import static org.kith.api.KithProcesses.signupVerified;
import static org.kith.api.KithProcesses.start;
import static org.kith.api.KithProcesses.startJava;
import static org.kith.api.KithProcesses.stop;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.kith.blobs.S3ProxyServer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two Kith API nodes (the built jar) on one external Neo4j 5.26 server that runs as its own JVM, with documents in
 * one S3-compatible bucket (S3Proxy, its own process) and a shared data directory for the signing keys:
 * consistency tokens across nodes, a document written on one node and read on the other, and the database killed
 * (SIGKILL) and brought back under load.
 */
@DisplayName("two API nodes on an external Neo4j")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalNeo4jIT {
  static final String USER = "cluster@example.org";
  static final String NEO4J_PASSWORD = "external-neo4j-password";
  static final String BUCKET = "kith-documents";
  Path root;
  Path neo4jHome;
  Path neo4jLog;
  int boltPort;
  Process neo4j;
  Path dataDir;
  int portA;
  int portB;
  Process kithA;
  Process kithB;
  String token;
  S3ProxyServer s3;

  Process startNeo4j() throws Exception {
    long before =
        Files.exists(neo4jLog) ? Files.readString(neo4jLog).split(Neo4jServer.READY, -1).length : 1;
    Process p = startJava(
        neo4jLog,
        List.of(
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            Neo4jServer.class.getName(),
            neo4jHome.toString(),
            String.valueOf(boltPort),
            NEO4J_PASSWORD));
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      assertThat(p.isAlive()).as("Neo4j server alive (see %s)", neo4jLog).isTrue();
      if (Files.readString(neo4jLog).split(Neo4jServer.READY, -1).length > before) {
        return p;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Neo4j did not start");
  }

  Process startKith(int port) throws Exception {
    return start(
        s3.credentials(),
        dataDir,
        port,
        "--kith.neo4j.uri=bolt://127.0.0.1:" + boltPort,
        "--kith.neo4j.password=" + NEO4J_PASSWORD,
        "--kith.blobs.s3.bucket=" + BUCKET,
        "--kith.blobs.s3.endpoint=" + s3.endpoint(),
        "--kith.blobs.s3.path-style=true");
  }

  @BeforeAll
  void startAll() throws Exception {
    root = Files.createTempDirectory("kith-external-");
    neo4jHome = root.resolve("neo4j");
    neo4jLog = root.resolve("neo4j.log");
    dataDir = root.resolve("data");
    boltPort = freePort();
    portA = freePort();
    portB = freePort();
    neo4j = startNeo4j();
    s3 = S3ProxyServer.start(Files.createDirectories(root.resolve("s3")));
    try (S3Client client = s3.client()) {
      client.createBucket(b -> b.bucket(BUCKET));
    }
    kithA = startKith(portA);
    awaitUp(portA, kithA);
    kithB = startKith(portB); // after A, which applied the migrations
    awaitUp(portB, kithB);
    signupVerified(portA, dataDir, USER);
    token = login(portA, USER);
  }

  @AfterAll
  void stopAll() throws Exception {
    for (Process p : new Process[] {kithA, kithB, neo4j}) {
      if (p != null) {
        stop(p);
      }
    }
    if (s3 != null) {
      s3.close();
    }
    delete(root);
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

  @Test
  @Order(2)
  @DisplayName(
      "a document uploaded on node A is stored once in the shared bucket under its SHA-256 and read back on"
          + " node B; nothing is written under the data directory")
  void documentsLiveInTheSharedBucket() throws Exception {
    byte[] content = new byte[50_000];
    new java.util.Random(27).nextBytes(content);
    String base64 = java.util.Base64.getEncoder().encodeToString(content);
    HttpResponse<String> created = send(
        portA,
        "POST",
        "/v1/db/profile-objects",
        token,
        "{\"schema\":\"ss_File\",\"properties\":{\"filename\":\"scan.bin\",\"content_type\":"
            + "\"application/octet-stream\"},\"document\":{\"type\":\"application/octet-stream\","
            + "\"content\":\"" + base64 + "\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String nId = field(created.body(), "n_id");

    HttpResponse<String> read = send(
        portB,
        "GET",
        "/v1/db/profile-objects/" + nId + "/content",
        token,
        null,
        created.headers().firstValue("Kith-Consistency-Token").orElseThrow());
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(read.body()).contains(base64);

    String sha = java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    try (S3Client client = s3.client()) {
      assertThat(client
              .getObjectAsBytes(
                  g -> g.bucket(BUCKET).key("blobs/" + sha.substring(0, 2) + "/" + sha))
              .asByteArray())
          .isEqualTo(content);
    }
    assertThat(dataDir.resolve("blobs")).as("no local document store in use").doesNotExist();
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
  @Order(3)
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
    neo4j.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
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

    neo4j = startNeo4j();
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

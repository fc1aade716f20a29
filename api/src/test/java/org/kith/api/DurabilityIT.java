package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Kith as a separate process (the built jar), killed with SIGKILL in the middle of a write load, then
 * restarted on the same data directory: every create that was acknowledged with 201 must be there.
 */
@DisplayName("durability")
class DurabilityIT {
  static final Pattern N_ID = Pattern.compile("\"n_id\":\"([^\"]+)\"");
  static final Pattern CODE = Pattern.compile("code is: (\\d{6})");
  static final Pattern TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  Process start(Path dataDir, int port, String... extra) throws IOException {
    Path jar = Path.of("target/kith.jar").toAbsolutePath();
    assertThat(jar).as("the packaged jar").exists();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-jar", jar.toString(), "--server.port=" + port, "--kith.data-dir=" + dataDir));
    command.addAll(List.of(extra));
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log")
            .toFile()))
        .start();
  }

  void awaitUp(int port, Process process) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("Kith process alive").isTrue();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Kith did not start");
  }

  HttpResponse<String> send(int port, String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Signs up and verifies {@code durable@example.org} by the code in the mail pickup directory. */
  void signupVerified(int port, Path dataDir) throws Exception {
    send(port, "POST", "/v1/auth/signup", null,
        "{\"username\":\"durable@example.org\",\"password\":\"correct horse battery\"}");
    String mail;
    try (var files = Files.list(dataDir.resolve("mail"))) {
      mail = Files.readString(files.findFirst().orElseThrow());
    }
    Matcher code = CODE.matcher(mail);
    assertThat(code.find()).isTrue();
    send(port, "POST", "/v1/auth/verify", null,
        "{\"username\":\"durable@example.org\",\"verification_code\":\"" + code.group(1) + "\"}");
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
    assertThat(m.find()).as(name + " in " + json).isTrue();
    return m.group(1);
  }

  static void stop(Process kith, Path dataDir) throws Exception {
    kith.destroy();
    kith.waitFor(60, TimeUnit.SECONDS);
    if (kith.isAlive()) {
      kith.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    try (var files = Files.walk(dataDir.getParent())) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  @DisplayName("kill -9 with a webhook still failing: after the restart it is delivered, under the same event id")
  void killWithPendingDelivery() throws Exception {
    Path dataDir = Files.createTempDirectory("kith-outbox-").resolve("data");
    int port = freePort();
    java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(500);
    List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      attempts.add(status.get() + " " + exchange.getRequestHeaders().getFirst("Kith-Event-Id"));
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    receiver.start();
    String[] settings = {"--kith.outbox.allow-private-webhooks=true", "--kith.outbox.poll-interval=200ms",
        "--kith.outbox.retry-base=200ms", "--kith.outbox.max-attempts=1000"};
    Process kith = start(dataDir, port, settings);
    try {
      awaitUp(port, kith);
      signupVerified(port, dataDir);
      String token = login(port);
      String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      String aId = field(send(port, "POST", "/v1/aa/applications", token, "{\"name\":\"Durable\",\"transitions\":"
          + "[{\"state\":\"Submitted\",\"next_states\":[{\"state\":\"Done\",\"actions\":[{\"method\":"
          + "\"webhook\",\"url\":\"" + hook + "\"}]}]}]}").body(), "a_id");
      String nId = field(send(port, "POST", "/v1/db/profile-objects", token, "{\"schema\":\"ss_NZ_Person\","
          + "\"properties\":{\"given_names\":\"D\",\"family_name\":\"X\",\"date_of_birth\":\"1990-01-02\"}}")
          .body(), "n_id");
      String iId = field(send(port, "POST", "/v1/aa/instances", token, "{\"a_id\":\"" + aId
          + "\",\"profile_objects\":[\"" + nId + "\"]}").body(), "i_id");
      assertThat(send(port, "PUT", "/v1/aa/instances/" + iId, token, "{\"_state\":\"Done\"}").statusCode())
          .isEqualTo(200);
      Instant deadline = Instant.now().plusSeconds(30);
      while (attempts.isEmpty() && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      assertThat(attempts).as("attempts before the kill").isNotEmpty();
      kith.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      String eventId = attempts.get(0).substring(4);
      status.set(204);
      kith = start(dataDir, port, settings);
      awaitUp(port, kith);
      deadline = Instant.now().plusSeconds(90); // a delivery cut off by the kill stays leased for up to 30 s
      while (!attempts.contains("204 " + eventId) && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
      }
      assertThat(attempts).as("delivered after the restart").contains("204 " + eventId);
    } finally {
      receiver.stop(0);
      stop(kith, dataDir);
    }
  }

  String login(int port) throws Exception {
    String body = "{\"grant_type\":\"password\",\"username\":\"durable@example.org\",\"password\":\"correct horse battery\"}";
    Matcher m = TOKEN.matcher(send(port, "POST", "/v1/auth/token", null, body).body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  @DisplayName("kill -9 during concurrent creates loses no acknowledged object, and Kith restarts cleanly")
  void killDuringWrites() throws Exception {
    Path dataDir = Files.createTempDirectory("kith-durable-").resolve("data");
    int port = freePort();
    Process kith = start(dataDir, port);
    List<String> acknowledged = new ArrayList<>();
    try {
      awaitUp(port, kith);
      signupVerified(port, dataDir);
      String token = login(port);
      ConcurrentLinkedQueue<String> acks = new ConcurrentLinkedQueue<>();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService writers = Executors.newFixedThreadPool(4);
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writers.submit(() -> {
          for (int i = 0; running.get(); i++) {
            String body = "{\"schema\":\"ss_NZ_Person\",\"properties\":{\"given_names\":\"W" + writer + "-" + i
                + "\",\"family_name\":\"Durable\",\"date_of_birth\":\"1990-01-02\"}}";
            try {
              HttpResponse<String> r = send(port, "POST", "/v1/db/profile-objects", token, body);
              if (r.statusCode() == 201) {
                Matcher m = N_ID.matcher(r.body());
                if (m.find()) {
                  acks.add(m.group(1));
                }
              }
            } catch (Exception e) {
              return null; // the server died under us: that request was never acknowledged
            }
          }
          return null;
        });
      }
      Thread.sleep(4000);
      kith.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL while writes are in flight
      running.set(false);
      writers.shutdown();
      assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      acknowledged.addAll(acks);
      assertThat(acknowledged).as("creates acknowledged before the kill").hasSizeGreaterThan(10);

      kith = start(dataDir, port);
      awaitUp(port, kith);
      String again = login(port);
      List<String> missing = new ArrayList<>();
      for (String nId : acknowledged) {
        if (send(port, "GET", "/v1/db/profile-objects/" + nId, again, null).statusCode() != 200) {
          missing.add(nId);
        }
      }
      assertThat(missing).as("acknowledged but lost").isEmpty();
    } finally {
      stop(kith, dataDir);
    }
  }
}

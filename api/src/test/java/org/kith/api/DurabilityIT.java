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
import static org.kith.api.KithProcesses.stop;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Kith as a separate process (the built jar), killed with SIGKILL in the middle of a write load, then
 * restarted on the same data directory: every write that was acknowledged must be there.
 */
@DisplayName("durability")
class DurabilityIT {
  static final String USER = "durable@example.org";
  static final String READER = "reader@example.org";

  @Test
  @DisplayName(
      "kill -9 with a webhook still failing: after the restart it is delivered, under the same event id")
  void killWithPendingDelivery() throws Exception {
    Path dataDir = Files.createTempDirectory("kith-outbox-").resolve("data");
    int port = freePort();
    java.util.concurrent.atomic.AtomicInteger status =
        new java.util.concurrent.atomic.AtomicInteger(500);
    List<String> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    com.sun.net.httpserver.HttpServer receiver =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      exchange.getRequestBody().readAllBytes();
      attempts.add(status.get() + " " + exchange.getRequestHeaders().getFirst("Kith-Event-Id"));
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    receiver.start();
    String[] settings = {
      "--kith.outbox.webhook-allowed-networks=127.0.0.0/8",
      "--kith.outbox.poll-interval=200ms",
      "--kith.outbox.retry-base=200ms",
      "--kith.outbox.max-attempts=1000"
    };
    Process kith = start(dataDir, port, settings);
    try {
      awaitUp(port, kith);
      signupVerified(port, dataDir, USER);
      String token = login(port, USER);
      String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      String aId = field(
          send(
                  port,
                  "POST",
                  "/v1/aa/applications",
                  token,
                  "{\"name\":\"Durable\",\"transitions\":"
                      + "[{\"state\":\"Submitted\",\"next_states\":[{\"state\":\"Done\",\"actions\":[{\"method\":"
                      + "\"webhook\",\"url\":\"" + hook + "\"}]}]}]}")
              .body(),
          "a_id");
      String nId = field(
          send(
                  port,
                  "POST",
                  "/v1/db/profile-objects",
                  token,
                  "{\"schema\":\"ss_NZ_Person\","
                      + "\"properties\":{\"given_names\":\"D\",\"family_name\":\"X\",\"date_of_birth\":\"1990-01-02\"}}")
              .body(),
          "n_id");
      String iId = field(
          send(
                  port,
                  "POST",
                  "/v1/aa/instances",
                  token,
                  "{\"a_id\":\"" + aId + "\",\"profile_objects\":[\"" + nId + "\"]}")
              .body(),
          "i_id");
      assertThat(send(port, "PUT", "/v1/aa/instances/" + iId, token, "{\"_state\":\"Done\"}")
              .statusCode())
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
      deadline = Instant.now()
          .plusSeconds(90); // a delivery cut off by the kill stays leased for up to 30 s
      while (!attempts.contains("204 " + eventId) && Instant.now().isBefore(deadline)) {
        Thread.sleep(200);
      }
      assertThat(attempts).as("delivered after the restart").contains("204 " + eventId);
    } finally {
      receiver.stop(0);
      stop(kith);
      delete(dataDir.getParent());
    }
  }

  /** What one writer had acknowledged when Kith died. */
  record Acked(String nId, int version, boolean granted, String instance) {}

  @Test
  @DisplayName(
      "kill -9 during a mixed write load (creates, updates, grants, shares) loses no acknowledged write,"
          + " and Kith restarts cleanly")
  void killDuringMixedWrites() throws Exception {
    Path dataDir = Files.createTempDirectory("kith-durable-").resolve("data");
    int port = freePort();
    Process kith = start(dataDir, port);
    try {
      awaitUp(port, kith);
      signupVerified(port, dataDir, USER);
      signupVerified(port, dataDir, READER);
      String token = login(port, USER);
      String readerId =
          field(send(port, "GET", "/v1/auth/me", login(port, READER), null).body(), "u_id");
      String aId = field(
          send(port, "POST", "/v1/aa/applications", token, "{\"name\":\"Durable\"}")
              .body(),
          "a_id");
      Map<String, Acked> acked = new ConcurrentHashMap<>();
      AtomicBoolean running = new AtomicBoolean(true);
      ExecutorService writers = Executors.newFixedThreadPool(4);
      for (int w = 0; w < 4; w++) {
        int writer = w;
        writers.submit(() -> {
          for (int i = 0; running.get(); i++) {
            try {
              String nId = create(port, token, "W" + writer + "-" + i, 0);
              if (nId == null) {
                continue;
              }
              acked.put(nId, new Acked(nId, 0, false, null));
              for (int v = 1; v <= 2; v++) {
                if (send(
                            port,
                            "PUT",
                            "/v1/db/profile-objects/" + nId,
                            token,
                            person("W" + writer + "-" + i, v))
                        .statusCode()
                    == 200) {
                  acked.put(nId, new Acked(nId, v, false, null));
                }
              }
              int version = acked.get(nId).version();
              if (send(
                          port,
                          "POST",
                          "/v1/db/permissions/" + nId,
                          token,
                          "{\"u_id\":\"" + readerId + "\",\"permission\":\"VIEWS\"}")
                      .statusCode()
                  == 200) {
                acked.put(nId, new Acked(nId, version, true, null));
              }
              HttpResponse<String> shared = send(
                  port,
                  "POST",
                  "/v1/aa/instances",
                  token,
                  "{\"a_id\":\"" + aId + "\",\"profile_objects\":[\"" + nId + "\"]}");
              if (shared.statusCode() == 201 || shared.statusCode() == 200) {
                acked.put(nId, new Acked(nId, version, true, field(shared.body(), "i_id")));
              }
            } catch (Exception e) {
              return null; // the server died under us: that request was never acknowledged
            }
          }
          return null;
        });
      }
      Thread.sleep(5000);
      kith.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL while writes are in flight
      running.set(false);
      writers.shutdown();
      assertThat(writers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      List<Acked> before = new ArrayList<>(acked.values());
      assertThat(before).as("objects acknowledged before the kill").hasSizeGreaterThan(5);
      assertThat(before)
          .as("shares acknowledged before the kill")
          .anyMatch(a -> a.instance() != null);

      kith = start(dataDir, port);
      awaitUp(port, kith);
      String again = login(port, USER);
      String reader = login(port, READER);
      List<String> lost = new ArrayList<>();
      for (Acked a : before) {
        HttpResponse<String> read =
            send(port, "GET", "/v1/db/profile-objects/" + a.nId(), again, null);
        if (read.statusCode() != 200) {
          lost.add("object " + a.nId());
          continue;
        }
        int stored = Integer.parseInt(field(read.body(), "middle_names").substring(1));
        if (stored < a.version()) { // a later update may have committed without its answer arriving
          lost.add("update " + a.version() + " of " + a.nId() + " (has " + stored + ")");
        }
        if (a.granted()
            && send(port, "GET", "/v1/db/profile-objects/" + a.nId(), reader, null)
                    .statusCode()
                != 200) {
          lost.add("grant on " + a.nId());
        }
        if (a.instance() != null
            && send(port, "GET", "/v1/aa/instances/" + a.instance(), again, null)
                    .statusCode()
                != 200) {
          lost.add("share " + a.instance());
        }
      }
      System.out.printf(
          "durability: acknowledged before the kill: %d creates, %d updates, %d grants, %d shares;"
              + " lost %d%n",
          before.size(),
          before.stream().mapToInt(Acked::version).sum(),
          before.stream().filter(Acked::granted).count(),
          before.stream().filter(a -> a.instance() != null).count(),
          lost.size());
      assertThat(lost).as("acknowledged but lost").isEmpty();
    } finally {
      stop(kith);
      delete(dataDir.getParent());
    }
  }

  static String person(String name, int version) {
    return "{\"properties\":{\"given_names\":\"" + name + "\",\"middle_names\":\"v" + version
        + "\",\"family_name\":\"Durable\",\"date_of_birth\":\"1990-01-02\"}}";
  }

  static String create(int port, String token, String name, int version) throws Exception {
    HttpResponse<String> r = send(
        port,
        "POST",
        "/v1/db/profile-objects",
        token,
        person(name, version)
            .replace("{\"properties\"", "{\"schema\":\"ss_NZ_Person\",\"properties\""));
    return r.statusCode() == 201 ? field(r.body(), "n_id") : null;
  }
}

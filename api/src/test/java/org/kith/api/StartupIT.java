package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.schema.SystemSchemas;
import org.kith.graph.neo4j.GraphConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

@DisplayName("start-up")
class StartupIT {
  @Test
  @DisplayName(
      "with a request transaction timeout far below what start-up takes, Kith starts: migrations and"
          + " system schemas and shipped Clarity models are stored, then again on a restart")
  void startsWithATinyRequestTimeout() throws Exception {
    Path dir = Files.createTempDirectory("kith-startup-");
    long shipped = SystemSchemas.read(new ObjectMapper()).size();
    long models = org.kith.api.clarity.ShippedModels.read(new ObjectMapper()).size();
    for (int start = 0; start < 2; start++) {
      try (ConfigurableApplicationContext app = new SpringApplicationBuilder(KithApplication.class)
          .run(
              "--server.port=0",
              "--kith.data-dir=" + dir,
              "--kith.neo4j.transaction-timeout=1ms")) {
        GraphConnection graph = app.getBean(GraphConnection.class);
        assertThat(graph
                .startupCypher()
                .read(
                    "MATCH (m:KithMigration) RETURN m.version AS v ORDER BY v",
                    Map.of(),
                    r -> r.get("v").asInt())
                .collectList()
                .block())
            .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        // every shipped schema stored once: the restart stores no new versions
        assertThat(graph
                .startupCypher()
                .read(
                    "MATCH (s:Schema) WHERE s.name STARTS WITH 'ss_' RETURN count(s) AS n",
                    Map.of(),
                    r -> r.get("n").asLong())
                .blockFirst())
            .isEqualTo(shipped);
        // every shipped Clarity model stored once, owned by the system account, viewable by
        // everyone
        assertThat(graph
                .startupCypher()
                .read(
                    "MATCH (u:User {u_id: 'kith-system'})-[o]->(n:ProfileObject {_schema: 'ss_Clarity_Model_01'})"
                        + " WHERE type(o) = $owner AND EXISTS { (:Group {g_id: 'PUBLIC'})-->(n) }"
                        + " RETURN count(n) AS n",
                    Map.of("owner", org.kith.graph.profile.PermissionQueries.OWNER),
                    r -> r.get("n").asLong())
                .blockFirst())
            .isEqualTo(models);
      }
    }
  }

  @Test
  @DisplayName(
      "on a machine busy at 100 % (a spinning thread per core and as many again), Kith starts, slower, and"
          + " answers health, liveness and readiness UP; then again on a restart")
  void startsOnABusyMachine() throws Exception {
    Path dir = Files.createTempDirectory("kith-startup-busy-");
    AtomicBoolean spinning = new AtomicBoolean(true);
    List<Thread> spinners = new ArrayList<>();
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      Thread t = new Thread(() -> {
        long x = 0;
        while (spinning.get()) {
          x += System.nanoTime() % 7;
        }
        SINK.addAndGet(x);
      });
      t.setDaemon(true);
      t.setPriority(Thread.MAX_PRIORITY);
      t.start();
      spinners.add(t);
    }
    try {
      for (int start = 0; start < 2; start++) {
        long began = System.nanoTime();
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(
                KithApplication.class)
            .run("--server.port=0", "--kith.data-dir=" + dir)) {
          int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port", "0"));
          for (String path : List.of(
              "/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            HttpResponse<String> r = KithProcesses.send(port, "GET", path, null, null);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).contains("\"status\":\"UP\"");
          }
          System.out.printf(
              "start %d on a busy machine: healthy after %d ms%n",
              start, (System.nanoTime() - began) / 1_000_000);
        }
      }
    } finally {
      spinning.set(false);
      for (Thread t : spinners) {
        t.join();
      }
    }
  }

  private static final AtomicLong SINK = new AtomicLong();
}

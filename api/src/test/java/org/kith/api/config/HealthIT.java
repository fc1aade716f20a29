package org.kith.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.json.JsonCompareMode;

@DisplayName("health endpoints")
class HealthIT extends KithIT {
  @Autowired
  private GraphHealthIndicator neo4j;

  private int status(String path) {
    return http.get()
        .uri(path)
        .exchange()
        .returnResult(String.class)
        .getStatus()
        .value();
  }

  @Test
  @DisplayName(
      "health, liveness and readiness answer UP; within the probe interval (1 h in the tests) 150"
          + " concurrent calls make at most one database probe; the bodies carry no details")
  void cheapHealth() throws Exception {
    http.get()
        .uri("/actuator/health")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.neo4j.status")
        .isEqualTo("UP")
        .jsonPath("$.components.neo4j.details")
        .doesNotExist();
    http.get()
        .uri("/actuator/health/liveness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{\"status\":\"UP\"}", JsonCompareMode.STRICT);
    http.get()
        .uri("/actuator/health/readiness")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.status")
        .isEqualTo("UP")
        .jsonPath("$.components.neo4j.details")
        .doesNotExist();
    long before = neo4j.probes();
    assertThat(before).as("the first call probed").isPositive();

    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<Integer>> calls = new ArrayList<>();
    String[] paths = {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"
    };
    for (int i = 0; i < 150; i++) {
      String path = paths[i % 3];
      calls.add(() -> status(path));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : pool.invokeAll(calls)) {
      statuses.add(f.get());
    }
    pool.shutdown();
    assertThat(statuses).hasSize(150).containsOnly(200);
    assertThat(neo4j.probes() - before).as("database probes during 150 calls").isZero();
  }
}

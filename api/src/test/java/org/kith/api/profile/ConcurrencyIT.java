package org.kith.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

@DisplayName("concurrent grants, revokes and reads")
class ConcurrencyIT extends KithIT {
  record Read(long start, long end, int status) {}

  record Window(long from, long to) {}

  @Test
  @DisplayName("no read that starts after a revoke was acknowledged ever sees the object")
  void revokeIsImmediate() throws Exception {
    User owner = newUser("owner");
    User reader = newUser("reader");
    String nId = person(owner, "Contested");
    ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = Executors.newFixedThreadPool(3);
    for (int t = 0; t < 3; t++) {
      pool.submit(() -> {
        while (running.get()) {
          long start = System.nanoTime();
          int status = get("/v1/db/profile-objects/" + nId, reader.token())
              .returnResult(String.class)
              .getStatus()
              .value();
          reads.add(new Read(start, System.nanoTime(), status));
        }
        return null;
      });
    }
    List<Window> revoked = new ArrayList<>();
    long revokedSince = -1;
    for (int round = 0; round < 15; round++) {
      // the revoked window ends when the next grant is sent (it may commit before its answer
      // arrives)
      long grantSending = System.nanoTime();
      if (revokedSince >= 0) {
        revoked.add(new Window(revokedSince, grantSending));
      }
      Map<?, ?> granted = post(
              "/v1/db/permissions/" + nId,
              owner.token(),
              Map.of("u_id", reader.uId(), "permission", "VIEWS"))
          .expectStatus()
          .isOk()
          .expectBody(Map.class)
          .returnResult()
          .getResponseBody();
      get("/v1/db/profile-objects/" + nId, reader.token()).expectStatus().isOk();
      String pId =
          (String) ((Map<?, ?>) ((List<?>) granted.get("relationships")).get(0)).get("p_id");
      delete("/v1/db/permissions/" + pId, owner.token()).expectStatus().isNoContent();
      revokedSince = System.nanoTime();
      get("/v1/db/profile-objects/" + nId, reader.token()).expectStatus().isNotFound();
    }
    revoked.add(new Window(revokedSince, System.nanoTime()));
    running.set(false);
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    List<Read> leaks = reads.stream()
        .filter(r -> r.status() == 200)
        .filter(r -> revoked.stream().anyMatch(w -> r.start() > w.from() && r.end() < w.to()))
        .toList();
    assertThat(reads).hasSizeGreaterThan(30);
    assertThat(leaks).as("reads that saw a revoked grant").isEmpty();
    assertThat(reads.stream().allMatch(r -> r.status() == 200 || r.status() == 404))
        .isTrue();
  }
}

package org.kith.graph.neo4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kith.core.Failed;
import org.kith.graph.TestGraph;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Transaction;
import reactor.test.StepVerifier;

@DisplayName("start-up migrations")
class MigrationsTests {
  private static final Duration TINY = Duration.ofMillis(1);
  private static final int LEGACY_USERS = 25;

  static GraphSettings settings(Path dir, Duration transactionTimeout) {
    GraphSettings d = GraphSettings.embedded(dir);
    return new GraphSettings(
        dir,
        null,
        d.username(),
        d.password(),
        d.database(),
        transactionTimeout,
        d.transactionMaxMemory(),
        d.pageCacheBytes());
  }

  static StartupTransactions startup(GraphConnection c) {
    return new StartupTransactions(c.driver(), c.database());
  }

  @Nested
  @DisplayName("on a slow machine")
  class Slow {
    @Test
    @DisplayName(
        "start-up and migrations finish however long they wait; requests still end at the request timeout")
    void migrationsOutlastTheRequestTimeout() throws Exception {
      try (GraphConnection c = GraphConnection.open(settings(TestGraph.newDataDir(), TINY))) {
        StartupTransactions startup = startup(c);
        assertThat(Snapshot.of(startup).records())
            .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        legacyUsers(startup, 1);
        startup.write("MATCH (m:KithMigration {version: 3}) DELETE m", Map.of());
        try (Session holder = c.driver().session(SessionConfig.forDatabase(c.database()));
            Transaction busy = holder.beginTransaction(StartupTransactions.NO_TIME_LIMIT)) {
          // another writer holds the user the back-fill must change: the migration waits as on a
          // busy machine
          busy.run("MATCH (u:User {u_id: 'legacy-0'}) SET u.busy = true").consume();
          CompletableFuture<List<Integer>> migrations =
              CompletableFuture.supplyAsync(() -> Migrations.apply(startup));
          awaitBlockedStartUpTransaction(startup);
          // A request waiting behind the same writer is ended by the database's timeout monitor.
          // The migration began
          // waiting first, so that monitor pass saw it over the request timeout too: it would have
          // ended it as well.
          c.cypher()
              .write("MATCH (u:User {u_id: 'legacy-0'}) SET u.touched = true", Map.of())
              .as(StepVerifier::create)
              .verifyErrorSatisfies(e ->
                  assertThat(e).isInstanceOf(Failed.class).hasStackTraceContaining("terminated"));
          assertThat(migrations).isNotDone();
          busy.rollback();
          assertThat(migrations.get()).containsExactly(3);
        }
        Snapshot after = Snapshot.of(startup);
        assertThat(after.records()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(after.data())
            .contains("[Credential] {password_hash=hash-0} []")
            .noneMatch(line -> line.startsWith("[User]") && line.contains("password_hash"));
      }
    }

    private static void awaitBlockedStartUpTransaction(StartupTransactions startup)
        throws InterruptedException {
      while (startup
              .read(
                  "SHOW TRANSACTIONS YIELD metaData, status"
                      + " WHERE metaData.kith = 'start-up' AND status STARTS WITH 'Blocked' RETURN count(*) AS n",
                  Map.of())
              .get(0)
              .get("n")
              .asLong()
          == 0) {
        Thread.sleep(20);
      }
    }
  }

  @Test
  @DisplayName("idempotent: a second run and a restart change nothing and run no step")
  void idempotent() {
    Path dir = TestGraph.newDataDir();
    Snapshot first;
    try (GraphConnection c = GraphConnection.open(settings(dir, TINY))) {
      StartupTransactions startup = startup(c);
      first = Snapshot.of(startup);
      assertThat(first.records()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
      assertThat(first.schema()).hasSizeGreaterThan(30).allMatch(line -> line.endsWith("ONLINE"));
      assertThat(Migrations.apply(startup)).isEmpty();
      assertThat(Snapshot.of(startup)).isEqualTo(first);
    }
    try (GraphConnection c = GraphConnection.open(settings(dir, TINY))) {
      assertThat(Snapshot.of(startup(c))).isEqualTo(first);
    }
  }

  @Test
  @DisplayName(
      "step 11 names each organisation's owner: its creator while still an admin, else the admin with the"
          + " smallest id, else none")
  void organisationOwners() {
    Path dir = TestGraph.newDataDir();
    try (GraphConnection c = GraphConnection.open(settings(dir, Duration.ofSeconds(30)))) {
      StartupTransactions startup = startup(c);
      startup.write(
          "CREATE (b:User {u_id: 'u-b'}), (a:User {u_id: 'u-a'}), (m:User {u_id: 'u-m'}),"
              + " (o1:Organisation {org_id: 'o1'}), (o2:Organisation {org_id: 'o2'}),"
              + " (o3:Organisation {org_id: 'o3'}),"
              + " (b)-[:ADMIN_OF]->(o1), (a)-[:ADMIN_OF]->(o1), (b)-[:ADMIN_OF]->(o2),"
              + " (a)-[:ADMIN_OF]->(o2), (m)-[:MEMBER_OF]->(o3),"
              + " (:AuditEvent {subject: 'o1', seq: 1, u_id: 'u-b'}),"
              + " (:AuditEvent {subject: 'o2', seq: 1, u_id: 'u-gone'})",
          Map.of());
      startup.write("MATCH (m:KithMigration {version: 11}) DELETE m", Map.of());
      Migrations.apply(startup);
      assertThat(startup
              .read(
                  "MATCH (o:Organisation) RETURN o.org_id AS o, o.owner_u_id AS owner ORDER BY o",
                  Map.of())
              .stream()
              .map(r -> r.get("o").asString() + "=" + r.get("owner").asString(null))
              .toList())
          .containsExactly("o1=u-b", "o2=u-a", "o3=null");
    }
  }

  @ParameterizedTest(name = "crash during step {0}, after {1} committed transactions of it")
  @CsvSource({"1, 3", "2, 1", "3, 1", "3, 2"})
  @DisplayName(
      "a start after a crash mid-migration finishes it, with the result of an uninterrupted run")
  void resumesAfterACrash(int crashStep, int commitsBeforeCrash) {
    Snapshot clean = cleanRun();
    Path dir = TestGraph.newDataDir();
    Migrations.Progress crash = new Migrations.Progress() {
      int commits;

      @Override
      public void committed(Migration step, long changed) {
        if (step.version() == crashStep && ++commits == commitsBeforeCrash) {
          throw new Crash();
        }
      }
    };
    assertThatThrownBy(() -> legacyGraphMigrated(dir, crash)).isInstanceOf(Crash.class);
    try (GraphConnection c = GraphConnection.open(settings(dir, TINY))) {
      Snapshot resumed = Snapshot.of(startup(c));
      assertThat(resumed).isEqualTo(clean);
      assertThat(resumed.data())
          .hasSize(clean.data().size())
          .noneMatch(line -> line.startsWith("[User]") && line.contains("password_hash"));
    }
  }

  private static @Nullable Snapshot cleanRun;

  /** The legacy graph migrated without interruption (computed once: it does not change). */
  private static synchronized Snapshot cleanRun() {
    if (cleanRun == null) {
      cleanRun = legacyGraphMigrated(TestGraph.newDataDir(), Migrations.Progress.LOGGED);
    }
    return cleanRun;
  }

  /** A process dying right after a commit: nothing after that commit happens. */
  static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /**
   * A graph written before migrations were recorded, with password hashes still on User nodes, then migrated in
   * back-fill batches of 10 with {@code progress} told of every commit.
   */
  static Snapshot legacyGraphMigrated(Path dir, Migrations.Progress progress) {
    try (GraphConnection c = GraphConnection.open(settings(dir, TINY))) {
      StartupTransactions startup = startup(c);
      legacyGraph(startup);
      assertThat(Migrations.apply(startup, Migrations.STEPS, 10, progress))
          .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
      return Snapshot.of(startup);
    }
  }

  static void legacyGraph(StartupTransactions startup) {
    startup.write("MATCH (m:KithMigration) DELETE m", Map.of());
    startup.write("DROP INDEX outbox_application", Map.of());
    legacyUsers(startup, LEGACY_USERS);
  }

  @Test
  @DisplayName(
      "a start after kill -9 of the process mid-back-fill finishes it, with the result of an uninterrupted run")
  void resumesAfterKill9() throws Exception {
    Snapshot clean = cleanRun();
    Path dir = TestGraph.newDataDir();
    Path log = dir.resolveSibling(dir.getFileName() + "-child.log");
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            KilledMidBackfill.class.getName(),
            dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      while (!Files.readString(log).contains(KilledMidBackfill.WAITING)) {
        assertThat(child.isAlive())
            .as("the child reaches the back-fill; its log: " + log)
            .isTrue();
        Thread.sleep(50);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no clean database shutdown
      child.waitFor();
    }
    try (GraphConnection c = GraphConnection.open(settings(dir, TINY))) {
      assertThat(Snapshot.of(startup(c))).isEqualTo(clean);
    }
  }

  /** A process that starts the legacy back-fill, commits one batch, says so and waits to be killed. */
  static final class KilledMidBackfill {
    static final String WAITING = "one back-fill batch committed, waiting to be killed";

    private KilledMidBackfill() {}

    public static void main(String[] args) throws InterruptedException {
      GraphConnection c = GraphConnection.open(settings(Path.of(args[0]), TINY));
      StartupTransactions startup = startup(c);
      legacyGraph(startup);
      CountDownLatch never = new CountDownLatch(1);
      Migrations.apply(startup, Migrations.STEPS, 10, (step, changed) -> {
        if (step.version() == 3 && changed > 0) {
          System.out.println(WAITING);
          System.out.flush();
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      never.await();
    }
  }

  static void legacyUsers(StartupTransactions startup, int count) {
    startup.write(
        "UNWIND range(0, $n - 1) AS i CREATE (:User {u_id: 'legacy-' + i, username: 'legacy' + i,"
            + " password_hash: 'hash-' + i})",
        Map.of("n", count));
  }

  /** What migrations decide: the schema, every node with its outgoing relationships, and the recorded steps. */
  record Snapshot(List<String> schema, List<String> data, List<Integer> records) {
    static Snapshot of(StartupTransactions tx) {
      List<String> schema = tx
          .read("SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state", Map.of())
          .stream()
          .map(r -> r.get("name").asString() + " " + r.get("type").asString() + " "
              + r.get("labelsOrTypes") + " " + r.get("properties") + " "
              + r.get("state").asString())
          .sorted()
          .toList();
      List<String> data = tx
          .read(
              "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props,"
                  + " [(n)-[r]->(m) | type(r) + '->' + coalesce(m.u_id, '') + coalesce(m.password_hash, '')] AS out",
              Map.of())
          .stream()
          .map(r -> {
            Map<String, Object> props = new TreeMap<>(r.get("props").asMap());
            props.remove("applied_at");
            return r.get("labels").asList().stream()
                    .map(Object::toString)
                    .sorted()
                    .toList() + " " + props + " "
                + r.get("out").asList().stream().map(Object::toString).sorted().toList();
          })
          .sorted()
          .toList();
      List<Integer> records =
          tx.read("MATCH (m:KithMigration) RETURN m.version AS v ORDER BY v", Map.of()).stream()
              .map(r -> r.get("v").asInt())
              .toList();
      return new Snapshot(schema, data, records);
    }
  }
}

package org.kith.graph.neo4j;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the work that must finish before Kith serves (migrations) so that a slow or busy machine makes start-up slow,
 * never failed: every transaction has no time limit ({@link #NO_TIME_LIMIT} overrides the database's default, which
 * is the request timeout), transient failures and an unreachable database are retried for as long as it takes with
 * the wait logged, and index population is awaited without a deadline. Only work that is safe to repeat may run
 * here. Not for requests: they keep their time limit. Not thread-safe; one start-up uses one.
 */
final class StartupTransactions {
  private static final Logger LOG = LoggerFactory.getLogger(StartupTransactions.class);

  /** A transaction time limit of zero: the database lets the transaction run until it ends. */
  static final TransactionConfig NO_TIME_LIMIT = TransactionConfig.builder()
      .withTimeout(Duration.ZERO)
      .withMetadata(Map.of("kith", "start-up"))
      .build();

  private static final Duration FIRST_PAUSE = Duration.ofMillis(50);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);
  private static final Duration INDEX_POLL = Duration.ofMillis(100);
  private static final Duration REPORT_EVERY = Duration.ofSeconds(10);

  private final Driver driver;
  private final String database;

  StartupTransactions(Driver driver, String database) {
    this.driver = driver;
    this.database = database;
  }

  /** Waits until the database answers, however long that takes. */
  void awaitConnectivity() {
    retrying("connecting to the graph database", () -> {
      driver.verifyConnectivity();
      return List.of();
    });
  }

  /** Runs one write statement in its own transaction without a time limit and returns its records. */
  List<Record> write(String statement, Map<String, Object> params) {
    return run(AccessMode.WRITE, statement, params);
  }

  /** Runs one read statement in its own transaction without a time limit and returns its records. */
  List<Record> read(String statement, Map<String, Object> params) {
    return run(AccessMode.READ, statement, params);
  }

  private List<Record> run(AccessMode mode, String statement, Map<String, Object> params) {
    SessionConfig config = SessionConfig.builder()
        .withDatabase(database)
        .withDefaultAccessMode(mode)
        .build();
    return retrying(statement, () -> {
      try (Session session = driver.session(config)) {
        return session.run(statement, params, NO_TIME_LIMIT).list();
      }
    });
  }

  /**
   * Waits until every index is online, logging progress while any is populating; an index that failed to populate
   * fails start-up, since waiting will not fix it.
   */
  void awaitIndexesOnline() {
    long reported = System.nanoTime();
    while (true) {
      List<Record> pending = read(
          "SHOW INDEXES YIELD name, state, populationPercent WHERE state <> 'ONLINE'"
              + " RETURN name, state, populationPercent",
          Map.of());
      if (pending.isEmpty()) {
        return;
      }
      List<String> failed = pending.stream()
          .filter(r -> "FAILED".equals(r.get("state").asString()))
          .map(r -> r.get("name").asString())
          .toList();
      if (!failed.isEmpty()) {
        throw new IllegalStateException(
            "indexes failed to populate: " + failed + " (see the Neo4j log)");
      }
      if (System.nanoTime() - reported >= REPORT_EVERY.toNanos()) {
        reported = System.nanoTime();
        LOG.info(
            "waiting for indexes to come online: {}",
            pending.stream()
                .map(r ->
                    r.get("name").asString() + " " + r.get("populationPercent").asDouble() + "%")
                .collect(Collectors.joining(", ")));
      }
      pause(INDEX_POLL);
    }
  }

  /** Some start-up work; throws what is not worth waiting for. */
  @FunctionalInterface
  private interface Attempt {
    List<Record> run();
  }

  private static List<Record> retrying(String what, Attempt attempt) {
    Duration pause = FIRST_PAUSE;
    int failures = 0;
    while (true) {
      try {
        return attempt.run();
      } catch (ServiceUnavailableException | SessionExpiredException | TransientException e) {
        failures++;
        // the first few are routine on a busy machine; after that, say that start-up is waiting and
        // why
        if (failures >= 3) {
          LOG.warn(
              "start-up is waiting for the graph database ({} attempts so far) while {}: {}",
              failures,
              what,
              e.getMessage());
        }
        pause(pause);
        pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0
            ? LONGEST_PAUSE
            : pause.multipliedBy(2);
      }
    }
  }

  private static void pause(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("start-up was interrupted", e);
    }
  }
}

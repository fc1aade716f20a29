package org.kith.graph.neo4j;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.TransactionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kith's one way into the graph: a driver connected either to the embedded database this object started
 * or to the configured external server or cluster. Everything above uses the driver, so both run the same
 * code. Closing closes the driver, then shuts the embedded database down.
 */
public final class GraphConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GraphConnection.class);

  private final Driver driver;
  private final @Nullable EmbeddedNeo4j embedded;
  private final Cypher cypher;
  private final Cypher startupCypher;
  private final Cypher inProcessCypher;
  private final String database;

  private GraphConnection(
      Driver driver,
      @Nullable EmbeddedNeo4j embedded,
      String database,
      Duration transactionTimeout) {
    this.driver = driver;
    this.embedded = embedded;
    this.database = database;
    this.cypher = new Cypher(
        driver,
        database,
        TransactionConfig.builder().withTimeout(transactionTimeout).build());
    this.startupCypher = new Cypher(driver, database, StartupTransactions.NO_TIME_LIMIT);
    this.inProcessCypher = embedded == null
        ? cypher
        : new Cypher(
            driver,
            database,
            TransactionConfig.builder().withTimeout(transactionTimeout).build(),
            embedded.inProcess(database, transactionTimeout));
  }

  /**
   * Starts the embedded database if no URI is set, connects, and applies migrations, waiting for as long as that
   * takes: start-up work has no transaction time limit, so a slow machine starts slowly rather than not at all.
   */
  public static GraphConnection open(GraphSettings settings) {
    EmbeddedNeo4j embedded = null;
    String uri = settings.uri();
    String user = settings.username();
    String password = settings.password();
    if (settings.isEmbedded()) {
      long started = System.nanoTime();
      embedded = EmbeddedNeo4j.start(settings);
      uri = embedded.boltUri();
      user = "neo4j";
      password = embedded.password();
      LOG.info(
          "embedded Neo4j started in {} ms, Bolt on {}",
          (System.nanoTime() - started) / 1_000_000,
          uri);
    } else {
      LOG.info("using external Neo4j at {}", uri);
    }
    Config config = Config.builder()
        .withMaxConnectionPoolSize(64)
        .withConnectionAcquisitionTimeout(5, TimeUnit.SECONDS)
        .withConnectionTimeout(5, TimeUnit.SECONDS)
        .withMaxTransactionRetryTime(5, TimeUnit.SECONDS)
        .withLogging(org.neo4j.driver.Logging.slf4j())
        .build();
    Driver driver = GraphDatabase.driver(uri, AuthTokens.basic(user, password), config);
    GraphConnection connection =
        new GraphConnection(driver, embedded, settings.database(), settings.transactionTimeout());
    try {
      StartupTransactions startup = new StartupTransactions(driver, settings.database());
      startup.awaitConnectivity();
      Migrations.apply(startup);
      return connection;
    } catch (RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Cypher for requests: every transaction is bounded by the request transaction timeout. */
  public Cypher cypher() {
    return cypher;
  }

  /**
   * Cypher for the hot statements whose callers never exchange consistency tokens (the OpenID Provider's token
   * and userinfo endpoints): with the embedded database, run in this JVM on its Java API, without Bolt's two
   * loopback crossings and (de)serialising per statement; with an external server, {@link #cypher()} itself.
   * Writes made through it hand no bookmark to the request's consistency token.
   */
  public Cypher inProcessCypher() {
    return inProcessCypher;
  }

  /**
   * Cypher for idempotent work that must finish before Kith serves (loading the shipped system schemas): no
   * transaction time limit, so a busy machine makes it slow, not failed. Never for requests.
   */
  public Cypher startupCypher() {
    return startupCypher;
  }

  public Driver driver() {
    return driver;
  }

  /** The database Kith's data lives in. */
  public String database() {
    return database;
  }

  /** The Bolt URI of the embedded database, if this connection started one. */
  @Nullable
  String embeddedBoltUri() {
    return embedded == null ? null : embedded.boltUri();
  }

  /**
   * The counter of committed visibility changes, where every writer is visible to this process (the embedded
   * database); null with an external server.
   */
  public @Nullable VisibilityVersion visibilityVersion() {
    return embedded == null ? null : embedded.visibility();
  }

  /** The counter of commits that may end sessions, with the embedded database; null with an external server. */
  public @Nullable SessionVersion sessionVersion() {
    return embedded == null ? null : embedded.sessions();
  }

  /** The counter of commits that may change groups or organisations, with the embedded database; else null. */
  public @Nullable MembershipVersion membershipVersion() {
    return embedded == null ? null : embedded.memberships();
  }

  /** The counter of commits that may change what a consent instance discloses, with the embedded database; else null. */
  public @Nullable DisclosureVersion disclosureVersion() {
    return embedded == null ? null : embedded.disclosures();
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    try {
      driver.close();
    } finally {
      if (embedded != null) {
        embedded.close();
        LOG.info("embedded Neo4j shut down");
      }
    }
  }
}

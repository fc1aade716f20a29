package org.kith.graph.neo4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.kith.core.Ids;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.Transaction;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j 5.26 Community running in this JVM, reachable only over Bolt on 127.0.0.1 at a free port, with
 * authentication on and a random password that exists only in this process's memory. Hardened: no CSV
 * import from file URLs, no HTTP connectors, a transaction timeout and a per-transaction memory limit.
 */
final class EmbeddedNeo4j implements AutoCloseable {
  private final DatabaseManagementService service;
  private final String boltUri;
  private final String password;
  private final @Nullable VisibilityVersion visibility;
  private final @Nullable SessionVersion sessions;
  private final @Nullable MembershipVersion memberships;
  private final @Nullable DisclosureVersion disclosures;

  private EmbeddedNeo4j(
      DatabaseManagementService service,
      String boltUri,
      String password,
      @Nullable VisibilityVersion visibility,
      @Nullable SessionVersion sessions,
      @Nullable MembershipVersion memberships,
      @Nullable DisclosureVersion disclosures) {
    this.service = service;
    this.boltUri = boltUri;
    this.password = password;
    this.visibility = visibility;
    this.sessions = sessions;
    this.memberships = memberships;
    this.disclosures = disclosures;
  }

  static EmbeddedNeo4j start(GraphSettings settings) {
    Path home = settings.dataDir().resolve("neo4j").toAbsolutePath();
    DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
        .setConfig(BoltConnector.enabled, true)
        .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
        .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", 0))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        // Kith closes its driver before the database, so Bolt has nothing to wait for when it
        // stops.
        .setConfig(
            BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
        .setConfig(
            BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
        // the file watcher only logs store files deleted by hand; its thread wakes on every write
        // to the
        // transaction log, so it costs CPU under load and a thread when idle
        .setConfig(GraphDatabaseSettings.filewatcher_enabled, false)
        // the VM pause monitor wakes every 100 ms to log stalls (about 2 ms of CPU a second while
        // idle);
        // GC pauses are the JVM's own logs' business
        .setConfig(
            org.neo4j.configuration.GraphDatabaseInternalSettings.vm_pause_monitor_enabled, false)
        .setConfig(HttpConnector.enabled, false)
        .setConfig(HttpsConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        .setConfig(GraphDatabaseSettings.allow_file_urls, false)
        // a consistency token naming a transaction this database never saw fails in 5 s, not the
        // default 30 s
        .setConfig(GraphDatabaseSettings.bookmark_ready_timeout, Duration.ofSeconds(5))
        .setConfig(
            GraphDatabaseSettings.memory_transaction_max_size, settings.transactionMaxMemory())
        .setConfig(GraphDatabaseSettings.pagecache_memory, settings.pageCacheBytes())
        .build();
    try {
      String password = Ids.secret256();
      // start-up work: no transaction time limit (0), so a slow machine starts slowly instead of
      // failing
      try (Transaction tx = service
          .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .beginTx(0, TimeUnit.MILLISECONDS)) {
        tx.execute(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password))
            .close();
        tx.commit();
      }
      GraphDatabaseAPI db =
          (GraphDatabaseAPI) service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
      // the request timeout as the database's default only once Neo4j itself has started: its own
      // start-up
      // transactions (the system graph's) take the default too, and must not fail on a slow machine
      db.getDependencyResolver()
          .resolveDependency(org.neo4j.configuration.Config.class)
          .setDynamic(
              GraphDatabaseSettings.transaction_timeout, settings.transactionTimeout(), "kith");
      var address = db.getDependencyResolver()
          .resolveDependency(ConnectorPortRegister.class)
          .getLocalAddress(ConnectorType.BOLT);
      // Community has one user database; the counter exists only if it is the one Kith writes to
      VisibilityVersion visibility = null;
      SessionVersion sessions = null;
      MembershipVersion memberships = null;
      DisclosureVersion disclosures = null;
      if (settings.database().equals(GraphDatabaseSettings.DEFAULT_DATABASE_NAME)) {
        visibility = new VisibilityVersion();
        service.registerTransactionEventListener(settings.database(), visibility.listener());
        sessions = new SessionVersion();
        service.registerTransactionEventListener(settings.database(), sessions.listener());
        memberships = new MembershipVersion();
        service.registerTransactionEventListener(settings.database(), memberships.listener());
        disclosures = new DisclosureVersion();
        service.registerTransactionEventListener(settings.database(), disclosures.listener());
      }
      return new EmbeddedNeo4j(
          service,
          "bolt://127.0.0.1:" + address.getPort(),
          password,
          visibility,
          sessions,
          memberships,
          disclosures);
    } catch (RuntimeException e) {
      service.shutdown();
      throw e;
    }
  }

  /** Transactions in this JVM on the database Kith's data lives in, each bounded by {@code timeout}. */
  InProcessTransactions inProcess(String name, Duration timeout) {
    return new InProcessTransactions(service.database(name), timeout);
  }

  String boltUri() {
    return boltUri;
  }

  String password() {
    return password;
  }

  @Nullable
  VisibilityVersion visibility() {
    return visibility;
  }

  @Nullable
  SessionVersion sessions() {
    return sessions;
  }

  @Nullable
  MembershipVersion memberships() {
    return memberships;
  }

  @Nullable
  DisclosureVersion disclosures() {
    return disclosures;
  }

  @Override
  public void close() {
    service.shutdown();
  }
}

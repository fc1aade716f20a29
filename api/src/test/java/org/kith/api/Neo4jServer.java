package org.kith.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * A stand-alone Neo4j 5.26 Community server for fault tests, run as its own JVM from the Maven Central artifacts on
 * the test class path: {@code java -cp … org.kith.api.Neo4jServer <home> <bolt port> <password>}. Prints
 * {@value #READY} once Bolt accepts connections; runs until killed.
 */
public final class Neo4jServer {
  public static final String READY = "NEO4J SERVER READY";

  private Neo4jServer() {}

  public static void main(String[] args) throws Exception {
    DatabaseManagementService service = new DatabaseManagementServiceBuilder(Path.of(args[0]))
        .setConfig(BoltConnector.enabled, true)
        .setConfig(
            BoltConnector.listen_address, new SocketAddress("127.0.0.1", Integer.parseInt(args[1])))
        .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
        .setConfig(HttpConnector.enabled, false)
        .setConfig(HttpsConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        .setConfig(GraphDatabaseSettings.bookmark_ready_timeout, Duration.ofSeconds(5))
        .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
        .build();
    try {
      service
          .database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally(
              "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
              Map.of("password", args[2]));
    } catch (RuntimeException alreadySet) {
      // a restart on the same home: the password is already this one
    }
    service
        .database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME)
        .executeTransactionally("RETURN 1");
    Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown));
    System.out.println(READY);
    System.out.flush();
    Thread.currentThread().join();
  }
}

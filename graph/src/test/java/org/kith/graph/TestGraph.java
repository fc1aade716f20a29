package org.kith.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;

/** One embedded database per test JVM, in a fresh temporary data directory, closed at JVM exit. */
public final class TestGraph {
  private static GraphConnection connection;

  private TestGraph() {}

  public static synchronized GraphConnection connection() {
    if (connection == null) {
      try {
        connection =
            GraphConnection.open(GraphSettings.embedded(Files.createTempDirectory("kith-graph-")));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(connection::close));
    }
    return connection;
  }

  public static Path newDataDir() {
    try {
      return Files.createTempDirectory("kith-graph-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

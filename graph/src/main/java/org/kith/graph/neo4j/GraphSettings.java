package org.kith.graph.neo4j;

import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How to reach the graph.
 *
 * @param dataDir Kith's data directory; the embedded database lives in {@code <dataDir>/neo4j}
 * @param uri an external server or cluster ({@code neo4j://}, {@code bolt://}); absent means embedded
 * @param transactionTimeout upper bound of every request's transaction, set on each (embedded: also the database's
 *     default); start-up work (migrations, system schemas) has none, so a slow machine starts slowly
 * @param transactionMaxMemory per-transaction memory limit in bytes (embedded)
 * @param pageCacheBytes embedded page cache size in bytes
 */
public record GraphSettings(
    Path dataDir,
    @Nullable String uri,
    String username,
    String password,
    String database,
    Duration transactionTimeout,
    long transactionMaxMemory,
    long pageCacheBytes) {

  /** Embedded defaults under {@code dataDir}. */
  public static GraphSettings embedded(Path dataDir) {
    return new GraphSettings(
        dataDir, null, "neo4j", "", "neo4j", Duration.ofSeconds(30), 512L << 20, 256L << 20);
  }

  public boolean isEmbedded() {
    return uri == null || uri.isBlank();
  }
}

package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kith.api.KithProcesses.awaitUp;
import static org.kith.api.KithProcesses.delete;
import static org.kith.api.KithProcesses.freePort;
import static org.kith.api.KithProcesses.start;
import static org.kith.api.KithProcesses.startJava;
import static org.kith.api.KithProcesses.stop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.kith.api.web.RedisServer;
import org.kith.blobs.S3ProxyServer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Two Kith API nodes (the built jar), each with a data directory of its own, over one external Neo4j 5.26 server
 * (its own JVM), one S3-compatible bucket (S3Proxy, its own process) and one Redis (rate limits): all state that
 * nodes share lives there. Both nodes have the same key-encryption key.
 */
final class TwoNodes {
  static final String NEO4J_PASSWORD = "external-neo4j-password";
  static final String BUCKET = "kith-documents";
  /** The key-encryption key both nodes are configured with (32 bytes, base64). */
  static final String KEK = "S2l0aCB0d28tbm9kZSB0ZXN0IGtleS1lbmNyeXB0aW8=";
  /** How often each node re-reads the stored signing keys: the delay before a rotation is seen elsewhere. */
  static final int KEY_RELOAD_SECONDS = 2;
  /** The unauthenticated routes' limit per client address (bursts of twice that), shared through Redis. */
  static final int CHECKS_PER_SECOND = 5;

  final Path root;
  final Path neo4jHome;
  final Path neo4jLog;
  final int boltPort;
  final Path dataA;
  final Path dataB;
  final int portA;
  final int portB;
  S3ProxyServer s3;
  RedisServer redis;
  final String admin;
  Process neo4j;
  Process kithA;
  Process kithB;

  TwoNodes(String admin) throws Exception {
    root = Files.createTempDirectory("kith-two-nodes-");
    neo4jHome = root.resolve("neo4j");
    neo4jLog = root.resolve("neo4j.log");
    dataA = root.resolve("node-a");
    dataB = root.resolve("node-b");
    boltPort = freePort();
    portA = freePort();
    portB = freePort();
    this.admin = admin;
    try {
      neo4j = startNeo4j();
      redis = RedisServer.start(root);
      s3 = S3ProxyServer.start(Files.createDirectories(root.resolve("s3")));
      try (S3Client client = s3.client()) {
        client.createBucket(b -> b.bucket(BUCKET));
      }
      kithA = startKith(dataA, portA);
      awaitUp(portA, kithA);
      kithB = startKith(dataB, portB); // after A, which applied the migrations
      awaitUp(portB, kithB);
    } catch (Exception | AssertionError e) {
      shutDown();
      throw e;
    }
  }

  Process startNeo4j() throws Exception {
    long before =
        Files.exists(neo4jLog) ? Files.readString(neo4jLog).split(Neo4jServer.READY, -1).length : 1;
    Process p = startJava(
        neo4jLog,
        List.of(
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            Neo4jServer.class.getName(),
            neo4jHome.toString(),
            String.valueOf(boltPort),
            NEO4J_PASSWORD));
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      assertThat(p.isAlive()).as("Neo4j server alive (see %s)", neo4jLog).isTrue();
      if (Files.readString(neo4jLog).split(Neo4jServer.READY, -1).length > before) {
        return p;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("Neo4j did not start");
  }

  Process startKith(Path dataDir, int port) throws Exception {
    return start(
        s3.credentials(),
        dataDir,
        port,
        "--kith.neo4j.uri=bolt://127.0.0.1:" + boltPort,
        "--kith.neo4j.password=" + NEO4J_PASSWORD,
        "--kith.blobs.s3.bucket=" + BUCKET,
        "--kith.blobs.s3.endpoint=" + s3.endpoint(),
        "--kith.blobs.s3.path-style=true",
        "--kith.keys.encryption-key=" + KEK,
        "--kith.verify.key-reload=" + KEY_RELOAD_SECONDS + "s",
        "--kith.admin.usernames=" + admin,
        "--kith.redis.uri=" + redis.uri(),
        "--kith.verify.checks-per-second=" + CHECKS_PER_SECOND);
  }

  /** Kills the database (SIGKILL), as a crash would. */
  void killNeo4j() throws Exception {
    neo4j.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  void restartNeo4j() throws Exception {
    neo4j = startNeo4j();
  }

  /** Starts node A again (after a test killed it). */
  void restartA() throws Exception {
    kithA = startKith(dataA, portA);
    awaitUp(portA, kithA);
  }

  /** Stops both nodes, the database and the bucket's server, and removes their files. */
  void shutDown() throws Exception {
    for (Process p : new Process[] {kithA, kithB, neo4j}) {
      if (p != null) {
        stop(p);
      }
    }
    if (s3 != null) {
      s3.close();
    }
    if (redis != null) {
      redis.stop();
    }
    delete(root);
  }
}

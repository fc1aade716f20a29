package org.kith.api.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for tests: Debian's {@code redis-server} (installed by the build's OS package step) on a loopback
 * port, in memory only, as a process of its own.
 */
public final class RedisServer {
  private final Process process;
  private final int port;

  private RedisServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static RedisServer start(Path dir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(
            "redis-server",
            "--port",
            String.valueOf(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            dir.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis-" + port + ".log").toFile())
        .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            "redis-server stopped; see " + dir.resolve("redis-" + port + ".log"));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return new RedisServer(p, port);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("redis-server did not listen within 30 s");
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}

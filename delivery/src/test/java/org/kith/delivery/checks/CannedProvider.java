package org.kith.delivery.checks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provider on loopback for the adapters' tests: answers every request with the status and body last set by
 * {@link #answer} (an empty body sends none) and records each request it got.
 */
final class CannedProvider implements AutoCloseable {
  /** A request as it arrived: method, path, the first value of each header, body. */
  record Request(String method, String path, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue)
          .findFirst()
          .orElse(null);
    }
  }

  private final HttpServer server;
  private final List<Request> seen = new CopyOnWriteArrayList<>();
  private volatile int status = 200;
  private volatile String answer = "";

  private CannedProvider(HttpServer server) {
    this.server = server;
  }

  static CannedProvider start() {
    try {
      CannedProvider p =
          new CannedProvider(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
      p.server.createContext("/", exchange -> {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        p.seen.add(new Request(
            exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
        byte[] out = p.answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(p.status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
          exchange.getResponseBody().write(out);
        }
        exchange.close();
      });
      p.server.start();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What every request is answered with from now on. */
  void answer(int status, String body) {
    this.status = status;
    this.answer = body;
  }

  /** {@code http://127.0.0.1:<port>}. */
  String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> seen() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

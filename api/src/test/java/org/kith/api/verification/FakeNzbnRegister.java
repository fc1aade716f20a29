package org.kith.api.verification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server in the NZBN API's v5 wire format for the tests: {@code GET /nzbn/v5/entities/{nzbn}} with the
 * subscription key in {@code Ocp-Apim-Subscription-Key} answers one of two known entities (one registered, one
 * removed) as the register writes them, 404 for any other number, 401 without the key.
 */
public final class FakeNzbnRegister {
  public static final String KEY = "fake-nzbn-subscription-key";
  public static final String REGISTERED = "9429041535134";
  public static final String REMOVED = "9429049541410";

  private static final Map<String, String> ENTITIES = Map.of(
      REGISTERED,
      "{\"entityStatusCode\":\"50\",\"entityName\":\"KITH TEST LIMITED\",\"nzbn\":\"" + REGISTERED
          + "\",\"entityTypeCode\":\"LTD\",\"entityTypeDescription\":\"NZ Limited Company\","
          + "\"entityStatusDescription\":\"Registered\",\"registrationDate\":\"2015-04-01T00:00:00.000+12:00\","
          + "\"roles\":[],\"tradingNames\":[]}",
      REMOVED,
      "{\"entityStatusCode\":\"62\",\"entityName\":\"OLD KITH LIMITED\",\"nzbn\":\"" + REMOVED
          + "\",\"entityTypeCode\":\"LTD\",\"entityTypeDescription\":\"NZ Limited Company\","
          + "\"entityStatusDescription\":\"RemovedClosed\",\"registrationDate\":\"2001-10-16T00:00:00.000+13:00\"}");

  private final HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private FakeNzbnRegister(HttpServer server) {
    this.server = server;
  }

  public static FakeNzbnRegister start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      FakeNzbnRegister fake = new FakeNzbnRegister(server);
      server.createContext("/nzbn/v5/entities/", fake::handle);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/nzbn/v5";
  }

  /** The paths asked for so far. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      requests.add(path);
      if (!KEY.equals(exchange.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key"))) {
        send(
            exchange,
            401,
            "{\"statusCode\":401,\"message\":\"Access denied due to missing subscription key.\"}");
        return;
      }
      String entity = ENTITIES.get(path.substring("/nzbn/v5/entities/".length()));
      if (!"GET".equals(exchange.getRequestMethod()) || entity == null) {
        send(exchange, 404, "");
      } else {
        send(exchange, 200, entity);
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }
}

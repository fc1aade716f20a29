package org.kith.api.verification;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server speaking Twilio Verify's v2 wire format for the tests: {@code POST
 * /v2/Services/{sid}/Verifications} (form {@code To}, {@code Channel}) makes a 6-digit code and "sends" it (the
 * test reads it with {@link #lastCode}), {@code POST /v2/Services/{sid}/VerificationCheck} (form {@code To},
 * {@code Code}) answers {@code approved} or {@code pending}, with Twilio's error bodies: 404 code 20404 when no
 * verification is pending, 429 code 60202 after five wrong checks, 400 code 60200 for a number it refuses (one
 * starting +999), 401 code 20003 for other credentials. One verification per number, as Twilio keeps it.
 */
public final class FakeTwilioVerify {
  public static final String SERVICE = "VA0123456789abcdef0123456789abcdef";
  public static final String USERNAME = "SK0123456789abcdef0123456789abcdef";
  public static final String PASSWORD = "fake-twilio-secret";

  /** A request as it arrived: the path, the Authorization header, the form fields. */
  public record Request(String path, String authorization, Map<String, String> form) {}

  private static final SecureRandom RANDOM = new SecureRandom();
  private final HttpServer server;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, String> sent = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private record Pending(String code, int wrong) {}

  private FakeTwilioVerify(HttpServer server) {
    this.server = server;
  }

  public static FakeTwilioVerify start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      FakeTwilioVerify fake = new FakeTwilioVerify(server);
      server.createContext("/v2/Services/", fake::handle);
      server.start();
      return fake;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The last code "sent" to this number, or null. */
  public String lastCode(String to) {
    return sent.get(to);
  }

  /** Every request so far. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form =
          form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      String path = exchange.getRequestURI().getPath();
      String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
      requests.add(new Request(path, auth, form));
      String basic = "Basic "
          + Base64.getEncoder()
              .encodeToString((USERNAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
      if (!auth.equals(basic)) {
        error(exchange, 401, 20003, "Authenticate");
        return;
      }
      String to = form.getOrDefault("To", "");
      if (!"POST".equals(exchange.getRequestMethod())) {
        error(exchange, 405, 20004, "Method not allowed");
      } else if (path.equals("/v2/Services/" + SERVICE + "/Verifications")) {
        if (to.startsWith("+999")) {
          error(exchange, 400, 60200, "Invalid parameter `To`: " + to);
          return;
        }
        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
        pending.put(to, new Pending(code, 0));
        sent.put(to, code);
        answer(exchange, 201, to, "pending");
      } else if (path.equals("/v2/Services/" + SERVICE + "/VerificationCheck")) {
        Pending p = pending.get(to);
        if (p == null) {
          error(exchange, 404, 20404, "The requested resource " + path + " was not found");
        } else if (p.code().equals(form.get("Code"))) {
          pending.remove(to);
          answer(exchange, 200, to, "approved");
        } else if (p.wrong() + 1 >= 5) {
          pending.remove(to);
          error(exchange, 429, 60202, "Max check attempts reached");
        } else {
          pending.put(to, new Pending(p.code(), p.wrong() + 1));
          answer(exchange, 200, to, "pending");
        }
      } else {
        error(exchange, 404, 20404, "The requested resource " + path + " was not found");
      }
    }
  }

  private static void answer(HttpExchange exchange, int status, String to, String state)
      throws IOException {
    String sid = "VE" + "0123456789abcdef".repeat(2);
    send(
        exchange,
        status,
        "{\"sid\":\"" + sid + "\",\"service_sid\":\"" + SERVICE + "\",\"account_sid\":\"AC"
            + "0123456789abcdef".repeat(2) + "\",\"to\":\"" + to
            + "\",\"channel\":\"sms\",\"status\":\""
            + state + "\",\"valid\":" + state.equals("approved")
            + ",\"date_created\":\"2026-12-07T00:00:00Z\",\"date_updated\":\"2026-12-07T00:00:00Z\"}");
  }

  private static void error(HttpExchange exchange, int status, int code, String message)
      throws IOException {
    send(
        exchange,
        status,
        "{\"code\":" + code + ",\"message\":\"" + message
            + "\",\"more_info\":\"https://www.twilio.com/docs/errors/" + code + "\",\"status\":"
            + status + "}");
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }
}

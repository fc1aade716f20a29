package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Property-based test of the whole HTTP surface: for every operation of the OpenAPI document, requests with
 * generated path ids, query parameters, headers and bodies (random JSON of every shape, malformed JSON, wrong
 * content types, huge numbers, deep nesting, odd Unicode), from anonymous, garbage-token and real callers.
 * Properties: no 5xx, no hang (every answer within 15 s), and every error is an RFC 9457 problem whose
 * {@code status} is the HTTP status. Seeded (set {@code -Dkith.http.seed=N} to explore others); a failure names
 * the seed and the request.
 */
@DisplayName("generated requests to every route")
class GeneratedRequestsIT extends KithIT {
  static final int REQUESTS_PER_OPERATION = 12;
  final ObjectMapper json = new ObjectMapper();
  final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5))
      .version(HttpClient.Version.valueOf(System.getProperty("kith.http.version", "HTTP_2")))
      .followRedirects(HttpClient.Redirect.NEVER)
      .build();

  @LocalServerPort
  int port;

  record Operation(String method, String path, List<String> query) {}

  List<Operation> operations() throws Exception {
    JsonNode doc = json.readTree(client
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v3/api-docs"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body());
    List<Operation> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
      for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
        List<String> query = new ArrayList<>();
        for (JsonNode p : op.getValue().path("parameters")) {
          if ("query".equals(p.path("in").asText())) {
            query.add(p.path("name").asText());
          }
        }
        out.add(
            new Operation(op.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(), query));
      }
    }
    return out;
  }

  // ---- generators ----

  static final String[] IDS = {
    "00000000-0000-0000-0000-000000000000",
    "..",
    "%2e%2e%2f",
    "a".repeat(3000),
    "%F0%9F%99%82",
    "%00",
    "-1",
    "null",
    "%20",
    "us",
    "ss_NZ_Person",
    "IS_OWNER",
    "1e999",
    "%C0%AF",
    "' OR 1=1 --",
    "$where",
    "*"
  };
  static final String[] STRINGS = {
    "",
    " ",
    "a",
    "\u0000",
    "\uD83D\uDE42",
    "\u202E",
    "<script>",
    "' OR '1'='1",
    "../../etc/passwd",
    "x".repeat(70_000),
    "2024-02-30",
    "1990-01-02",
    "ss_NZ_Person",
    "VIEWS",
    "password",
    "MATCH (n) DETACH DELETE n",
    "https://example.org/",
    "data:image/png;base64,AAAA",
    "\uFFFF",
    "é"
  };
  static final String[] KEYS = {
    "schema",
    "properties",
    "n_id",
    "u_id",
    "g_id",
    "a_id",
    "permission",
    "cascade",
    "query",
    "params",
    "data",
    "signature",
    "username",
    "password",
    "grant_type",
    "refresh_token",
    "document",
    "content",
    "type",
    "name",
    "labels",
    "profile_objects",
    "key",
    "file",
    "form_data",
    "schema_name",
    "_state",
    "keys",
    "from",
    "to",
    "data_to_verify",
    "value",
    "model_id",
    "image",
    "components",
    "transitions",
    "scopes",
    "callback_uri",
    "email",
    "verification_code",
    "__proto__",
    "$ref"
  };

  Object value(SplittableRandom r, int depth) {
    int kind = r.nextInt(depth > 6 ? 7 : 10);
    return switch (kind) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> r.nextInt(7) == 0 ? new java.math.BigDecimal("1e400") : (Object) r.nextLong();
      case 3 -> r.nextInt(5) == 0 ? Double.MAX_VALUE : r.nextDouble() * 1e6 - 5e5;
      case 4, 5, 6 -> STRINGS[r.nextInt(STRINGS.length)];
      case 7, 8 -> {
        Map<String, Object> m = new TreeMap<>();
        int n = r.nextInt(6);
        for (int i = 0; i < n; i++) {
          m.put(KEYS[r.nextInt(KEYS.length)], value(r, depth + 1));
        }
        yield m;
      }
      default -> {
        List<Object> l = new ArrayList<>();
        boolean wide =
            depth == 0 && r.nextInt(5) == 0; // a long flat array (array routes take up to 1,000)
        int n = wide ? 1001 + r.nextInt(2) * -1 : r.nextInt(5);
        for (int i = 0; i < n; i++) {
          l.add(value(r, wide ? 7 : depth + 1));
        }
        yield l;
      }
    };
  }

  String body(SplittableRandom r) throws Exception {
    return switch (r.nextInt(10)) {
      case 0 -> null;
      case 1 -> "{\"a\":";
      case 2 -> "[".repeat(5000) + "]".repeat(5000);
      case 3 -> "\u0000\u00ff not json";
      case 4 -> "{\"n\":" + "9".repeat(5000) + "}";
      default -> json.writeValueAsString(value(r, 0));
    };
  }

  String path(SplittableRandom r, String template) {
    StringBuilder out = new StringBuilder();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{[^}]+}").matcher(template);
    int at = 0;
    while (m.find()) {
      String id = IDS[r.nextInt(IDS.length)];
      out.append(template, at, m.start())
          .append(
              id.contains("%")
                  ? id
                  : URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
      at = m.end();
    }
    return out.append(template.substring(at)).toString();
  }

  HttpRequest request(SplittableRandom r, Operation op, String userToken) throws Exception {
    StringBuilder uri = new StringBuilder("http://127.0.0.1:" + port + path(r, op.path()));
    List<String> params = new ArrayList<>(op.query());
    params.add("expand");
    params.add("format");
    char sep = '?';
    for (String p : params) {
      if (r.nextInt(3) == 0) {
        uri.append(sep)
            .append(p)
            .append('=')
            .append(URLEncoder.encode(
                r.nextBoolean()
                    ? IDS[r.nextInt(IDS.length)]
                    : STRINGS[r.nextInt(STRINGS.length - 1)].substring(0, 0) + r.nextInt(),
                StandardCharsets.UTF_8));
        sep = '&';
      }
    }
    String body = op.method().equals("GET") || op.method().equals("DELETE") && r.nextBoolean()
        ? null
        : body(r);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri.toString()))
        .timeout(Duration.ofSeconds(15))
        .method(
            op.method(),
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    switch (r.nextInt(4)) {
      case 0 -> {}
      case 1 -> b.header("Authorization", "Bearer " + userToken);
      case 2 ->
        b.header(
            "Authorization",
            "Bearer " + new String[] {"", "a", "..", "=="}[r.nextInt(4)]
                + "eyJhbGciOiJub25lIn0.e30.");
      default ->
        b.header("Authorization", r.nextBoolean() ? "Basic Og==" : "Bearer " + userToken + "x");
    }
    String[] types = {
      "application/json",
      "application/json",
      "text/plain",
      "application/xml",
      "application/json; charset=latin1",
      "multipart/form-data; boundary=x",
      "application/problem+json"
    };
    if (body != null) {
      b.header("Content-Type", types[r.nextInt(types.length)]);
    }
    if (r.nextInt(4) == 0) {
      b.header(
          "Accept",
          new String[] {"text/html", "application/xml", "*/*", "application/json;q=0"}
              [r.nextInt(4)]);
    }
    if (r.nextInt(6) == 0) {
      b.header(ConsistencyFilter.HEADER, r.nextBoolean() ? "k1.AAAA" : "garbage");
    }
    if (r.nextInt(6) == 0) {
      b.header(
          "X-Forwarded-For",
          r.nextBoolean() ? "not-an-address" : "::1, 10.0.0.1, " + "1.".repeat(200));
    }
    return b.build();
  }

  @Test
  @DisplayName(
      "no 5xx, no hang, every error a problem+json, for generated requests to every operation")
  void everyOperation() throws Exception {
    long seed = Long.getLong("kith.http.seed", 20261122L);
    SplittableRandom r = new SplittableRandom(seed);
    User u = newUser("generated");
    List<Operation> operations = operations();
    assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(60);
    List<String> violations = new ArrayList<>();
    int sent = 0;
    String previous = "";
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (Operation op : operations) {
      for (int i = 0; i < REQUESTS_PER_OPERATION; i++) {
        HttpRequest request = request(r, op, u.token());
        String what =
            request.method() + " " + request.uri().toString().replaceAll("(.{200}).*", "$1…") + " "
                + request.headers().map().keySet();
        HttpResponse<String> response;
        try {
          response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
          violations.add("no answer in 15 s: " + what + " (after " + previous + ")");
          continue;
        }
        sent++;
        previous = response.statusCode() + " " + what.replaceAll("(.{120}).*", "$1…") + " body "
            + (request.bodyPublisher().map(p -> p.contentLength()).orElse(-1L));
        statuses.merge(response.statusCode(), 1, Integer::sum);
        if (response.statusCode() >= 500) {
          violations.add(response.statusCode() + " " + what + " → " + response.body());
        } else if (response.statusCode() >= 400) {
          String type = response.headers().firstValue("Content-Type").orElse("");
          if (!type.startsWith("application/problem+json")) {
            violations.add("not a problem (" + type + ") " + response.statusCode() + " " + what);
          } else if (json.readTree(response.body()).path("status").asInt()
              != response.statusCode()) {
            violations.add("problem status differs " + response.statusCode() + " " + what + " → "
                + response.body());
          }
        }
      }
    }
    System.out.printf(
        "generated requests (seed %d): %d operations, %d requests, statuses %s%n",
        seed, operations.size(), sent, statuses);
    assertThat(violations).as("seed %d", seed).isEmpty();
  }

  @Test
  @DisplayName(
      "a keep-alive connection keeps being read after early error answers (Reactor Netty 1.2 stall)")
  void keepAliveAfterErrors() throws Exception {
    HttpClient one =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<String> unanswered = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String path = i % 3 == 0
          ? "/v1/db/profile-objects/x" + i
          : i % 3 == 1 ? "/v1/verify/check" : "/actuator/health";
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(5));
      b = i % 3 == 1
          ? b.POST(HttpRequest.BodyPublishers.ofString("{"))
              .header("Content-Type", "application/json")
          : b.GET();
      try {
        one.send(b.build(), HttpResponse.BodyHandlers.discarding());
      } catch (java.net.http.HttpTimeoutException e) {
        unanswered.add(i + " " + path);
      }
    }
    assertThat(unanswered)
        .as("requests left unanswered on a kept-alive connection")
        .isEmpty();
  }
}

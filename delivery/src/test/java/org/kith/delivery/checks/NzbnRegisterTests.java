package org.kith.delivery.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kith.core.Failed;
import org.kith.core.checks.BusinessRegistry.BusinessEntity;

@DisplayName("NZBN register adapter")
class NzbnRegisterTests {
  private static final String NZBN = "9429041535134";
  private HttpServer server;
  private volatile int status;
  private volatile String answer;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
          + exchange.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key"));
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        exchange.getResponseBody().write(out);
      }
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private NzbnRegister register() {
    return new NzbnRegister(
        new NzbnRegister.Settings(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/gateway/nzbn/v5/"),
            "the-key",
            Duration.ofSeconds(5)),
        new ObjectMapper());
  }

  @Test
  @DisplayName("reads an entity in the v5 wire format, with the subscription key header")
  void entity() {
    status = 200;
    answer = "{\"entityStatusCode\":\"50\",\"entityName\":\"KITH TEST LIMITED\",\"nzbn\":\"" + NZBN
        + "\",\"entityTypeDescription\":\"NZ Limited Company\",\"entityStatusDescription\":\"Registered\","
        + "\"registrationDate\":\"2015-04-01T00:00:00.000+12:00\",\"roles\":[{\"roleType\":\"Director\"}]}";
    assertThat(register().lookup(NZBN).block())
        .contains(new BusinessEntity(
            NZBN,
            "KITH TEST LIMITED",
            "Registered",
            true,
            "NZ Limited Company",
            "2015-04-01T00:00:00.000+12:00"));
    assertThat(seen).containsExactly("GET /gateway/nzbn/v5/entities/" + NZBN + " the-key");
  }

  @Test
  @DisplayName("404 is no such business; a status other than Registered is not registered")
  void absentAndRemoved() {
    status = 404;
    answer = "";
    assertThat(register().lookup(NZBN).block()).isEqualTo(Optional.empty());
    status = 200;
    answer = "{\"entityName\":\"X\",\"nzbn\":\"" + NZBN
        + "\",\"entityStatusDescription\":\"InLiquidation\"}";
    assertThat(register().lookup(NZBN).block())
        .get()
        .extracting(BusinessEntity::registered)
        .isEqualTo(false);
  }

  @ParameterizedTest(name = "HTTP {0} {1} is a 503")
  @CsvSource(
      delimiter = '|',
      value = {
        "401 | {\"statusCode\":401,\"message\":\"Access denied due to missing subscription key.\"}",
        "500 | oops",
        "200 | not json",
        "200 | {\"entityName\":\"X\",\"nzbn\":\"9429000035170\",\"entityStatusDescription\":\"Registered\"}",
        "200 | {\"nzbn\":\"9429041535134\",\"entityStatusDescription\":\"Registered\"}",
        "200 | []"
      })
  void unexpected(int http, String json) {
    status = http;
    answer = json;
    assertThatThrownBy(() -> register().lookup(NZBN).block())
        .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.kind().status()).isEqualTo(503));
  }

  @Test
  @DisplayName("an answer over 1 MiB is a 503; the key is never printed")
  void bounded() {
    status = 200;
    answer = "{\"entityName\":\"" + "x".repeat(1_100_000) + "\"}";
    assertThatThrownBy(() -> register().lookup(NZBN).block()).isInstanceOf(Failed.class);
    assertThat(new NzbnRegister.Settings(URI.create("https://x"), "the-key", Duration.ofSeconds(1))
            .toString())
        .doesNotContain("the-key");
  }
}

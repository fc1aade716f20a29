package org.kith.delivery.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
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
  private CannedProvider provider;

  @BeforeEach
  void start() {
    provider = CannedProvider.start();
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private NzbnRegister register() {
    return new NzbnRegister(
        new NzbnRegister.Settings(
            URI.create(provider.base() + "/gateway/nzbn/v5/"), "the-key", Duration.ofSeconds(5)),
        new ObjectMapper());
  }

  @Test
  @DisplayName("reads an entity in the v5 wire format, with the subscription key header")
  void entity() {
    provider.answer(
        200,
        "{\"entityStatusCode\":\"50\",\"entityName\":\"KITH TEST LIMITED\",\"nzbn\":\"" + NZBN
            + "\",\"entityTypeDescription\":\"NZ Limited Company\",\"entityStatusDescription\":\"Registered\","
            + "\"registrationDate\":\"2015-04-01T00:00:00.000+12:00\",\"roles\":[{\"roleType\":\"Director\"}]}");
    assertThat(register().lookup(NZBN).block())
        .contains(new BusinessEntity(
            NZBN,
            "KITH TEST LIMITED",
            "Registered",
            true,
            "NZ Limited Company",
            "2015-04-01T00:00:00.000+12:00"));
    assertThat(provider.seen().stream()
            .map(r -> r.method() + " " + r.path() + " " + r.header("Ocp-Apim-Subscription-Key")))
        .containsExactly("GET /gateway/nzbn/v5/entities/" + NZBN + " the-key");
  }

  @Test
  @DisplayName("404 is no such business; a status other than Registered is not registered")
  void absentAndRemoved() {
    provider.answer(404, "");
    assertThat(register().lookup(NZBN).block()).isEqualTo(Optional.empty());
    provider.answer(
        200,
        "{\"entityName\":\"X\",\"nzbn\":\"" + NZBN
            + "\",\"entityStatusDescription\":\"InLiquidation\"}");
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
    provider.answer(http, json);
    assertThatThrownBy(() -> register().lookup(NZBN).block())
        .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.kind().status()).isEqualTo(503));
  }

  @Test
  @DisplayName("an answer over 1 MiB is a 503; the key is never printed")
  void bounded() {
    provider.answer(200, "{\"entityName\":\"" + "x".repeat(1_100_000) + "\"}");
    assertThatThrownBy(() -> register().lookup(NZBN).block()).isInstanceOf(Failed.class);
    assertThat(new NzbnRegister.Settings(URI.create("https://x"), "the-key", Duration.ofSeconds(1))
            .toString())
        .doesNotContain("the-key");
  }
}

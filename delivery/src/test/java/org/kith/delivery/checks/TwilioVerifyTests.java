package org.kith.delivery.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kith.core.Failed;
import org.kith.core.checks.PhoneCodeStatus;

@DisplayName("Twilio Verify adapter")
class TwilioVerifyTests {
  private static final String SID = "VA0123456789abcdef0123456789abcdef";
  private CannedProvider provider;

  @BeforeEach
  void start() {
    provider = CannedProvider.start();
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  private TwilioVerify adapter(String base) {
    return new TwilioVerify(
        new TwilioVerify.Settings(URI.create(base), SID, "SKkey", "s3cret", Duration.ofSeconds(5)),
        new ObjectMapper());
  }

  private TwilioVerify adapter() {
    return adapter(provider.base() + "/");
  }

  private void answer(int status, String json) {
    provider.answer(status, json);
  }

  @Test
  @DisplayName(
      "starts and checks a verification in Twilio's wire format: path, Basic auth, form fields")
  void wireFormat() {
    answer(
        201,
        "{\"sid\":\"VE1\",\"status\":\"pending\",\"to\":\"+64211234567\",\"channel\":\"sms\"}");
    assertThat(adapter().send("+64211234567").block()).isEqualTo(PhoneCodeStatus.PENDING);
    answer(200, "{\"sid\":\"VE1\",\"status\":\"approved\",\"valid\":true}");
    assertThat(adapter().check("+64211234567", "123456").block())
        .isEqualTo(PhoneCodeStatus.APPROVED);
    String basic = "Basic "
        + Base64.getEncoder().encodeToString("SKkey:s3cret".getBytes(StandardCharsets.UTF_8));
    assertThat(provider.seen().stream()
            .map(r -> r.method() + " " + r.path() + " " + r.header("Authorization") + " "
                + r.header("Content-Type") + " " + r.body()))
        .containsExactly(
            "POST /v2/Services/" + SID + "/Verifications " + basic
                + " application/x-www-form-urlencoded To=%2B64211234567&Channel=sms",
            "POST /v2/Services/" + SID + "/VerificationCheck " + basic
                + " application/x-www-form-urlencoded To=%2B64211234567&Code=123456");
  }

  @ParameterizedTest(name = "HTTP {0} {1} → {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "200 | {\"status\":\"pending\",\"valid\":false} | PENDING",
        "200 | {\"status\":\"canceled\"} | NONE_PENDING",
        "200 | {\"status\":\"expired\"} | NONE_PENDING",
        "200 | {\"status\":\"max_attempts_reached\"} | TOO_MANY_ATTEMPTS",
        "404 | {\"code\":20404,\"message\":\"not found\",\"status\":404} | NONE_PENDING",
        "429 | {\"code\":60202,\"message\":\"Max check attempts reached\",\"status\":429} | TOO_MANY_ATTEMPTS",
        "429 | {\"code\":60203,\"message\":\"Max send attempts reached\",\"status\":429} | TOO_MANY_ATTEMPTS",
        "400 | {\"code\":60200,\"message\":\"Invalid parameter\",\"status\":400} | NUMBER_REFUSED",
        "400 | {\"code\":21408,\"message\":\"Permission to send an SMS has not been enabled\"} | NUMBER_REFUSED"
      })
  void statuses(int http, String json, PhoneCodeStatus expected) {
    answer(http, json);
    assertThat(adapter().check("+64211234567", "123456").block()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "HTTP {0} {1} is a 503")
  @CsvSource(
      delimiter = '|',
      value = {
        "401 | {\"code\":20003,\"message\":\"Authenticate\",\"status\":401}",
        "500 | {\"code\":20500,\"message\":\"Internal Server Error\"}",
        "200 | {\"status\":\"something new\"}",
        "200 | not json",
        "400 | {\"code\":60201,\"message\":\"Invalid parameter: Code\"}",
        "302 | ''"
      })
  void unexpected(int http, String json) {
    answer(http, json);
    assertThatThrownBy(() -> adapter().send("+64211234567").block())
        .isInstanceOfSatisfying(Failed.class, f -> assertThat(f.kind().status()).isEqualTo(503))
        .hasMessageNotContaining("+64211234567");
  }

  @Test
  @DisplayName("an answer over 64 KiB and a provider that cannot be reached are 503s")
  void bounded() throws IOException {
    answer(200, "{\"status\":\"pending\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
    assertThatThrownBy(() -> adapter().send("+64211234567").block()).isInstanceOf(Failed.class);
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThatThrownBy(
            () -> adapter("http://127.0.0.1:" + closed).send("+64211234567").block())
        .isInstanceOf(Failed.class);
  }

  @Test
  @DisplayName(
      "settings refuse a service SID that could change the path, and never print the secret")
  void settings() {
    assertThatThrownBy(() -> new TwilioVerify.Settings(
            URI.create("https://verify.twilio.com"), "VA1/../x", "u", "p", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new TwilioVerify.Settings(
                URI.create("https://verify.twilio.com"), SID, "u", "s3cret", Duration.ofSeconds(1))
            .toString())
        .doesNotContain("s3cret");
  }
}

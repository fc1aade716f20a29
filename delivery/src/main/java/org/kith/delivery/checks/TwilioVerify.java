package org.kith.delivery.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.kith.core.Failed;
import org.kith.core.KithException;
import org.kith.core.checks.PhoneCodeStatus;
import org.kith.core.checks.PhoneVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@link PhoneVerifier} in Twilio Verify's wire format (v2): {@code POST {base}/v2/Services/{sid}/Verifications}
 * with {@code To} and {@code Channel=sms} starts a verification, {@code POST .../VerificationCheck} with {@code To}
 * and {@code Code} checks one; form-encoded bodies, HTTP Basic authentication (an API key SID and secret, or the
 * account SID and auth token), JSON answers whose {@code status} is {@code pending}, {@code approved}, {@code
 * canceled}, {@code expired}, {@code max_attempts_reached}, ... and errors as {@code {code, message, status}}
 * (20404: no pending verification; 60202/60203: too many checks/sends; 60200, 60205, 21211, 21408, 21614: a
 * number it will not send to). A real Twilio account works by configuration; so does any provider speaking the
 * same format. No redirects, no proxy, answers of at most 64 KiB. Neither the number nor the code is logged.
 * Thread-safe.
 */
public final class TwilioVerify implements PhoneVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(TwilioVerify.class);
  private static final int MAX_ANSWER = 64 * 1024;
  private static final Pattern SERVICE_SID = Pattern.compile("[A-Za-z0-9]{1,64}");

  /**
   * @param baseUrl Twilio's is {@code https://verify.twilio.com}
   * @param serviceSid the Verify service ({@code VA...})
   * @param username an API key SID or the account SID
   * @param password the API key's secret or the account's auth token
   * @param timeout the most one call may take, connecting included
   */
  public record Settings(
      URI baseUrl, String serviceSid, String username, String password, Duration timeout) {
    public Settings {
      if (!SERVICE_SID.matcher(serviceSid).matches()) {
        throw new IllegalArgumentException("a Verify service SID is letters and digits (VA...)");
      }
      if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme())) {
        throw new IllegalArgumentException("the SMS provider's base URL is http(s)");
      }
      if (username.isBlank() || password.isBlank()) {
        throw new IllegalArgumentException("the SMS provider's username and password are required");
      }
    }

    @Override
    public String toString() {
      return "Settings[baseUrl=" + baseUrl + ", serviceSid=" + serviceSid + ", timeout=" + timeout
          + "]";
    }
  }

  private final Settings settings;
  private final ObjectMapper json;
  private final HttpClient http;

  public TwilioVerify(Settings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
    String basic = Base64.getEncoder()
        .encodeToString(
            (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    this.http = HttpClient.create(ConnectionProvider.create("twilio-verify", 8))
        .followRedirect(false)
        .noProxy()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.timeout().toMillis())
        .responseTimeout(settings.timeout())
        .headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Basic " + basic)
            .set(HttpHeaderNames.ACCEPT, "application/json")
            .set(HttpHeaderNames.USER_AGENT, "kith"));
  }

  @Override
  public String provider() {
    return "twilio-verify";
  }

  @Override
  public Mono<PhoneCodeStatus> send(String to) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", to);
    form.put("Channel", "sms");
    return post("Verifications", form).map(a -> switch (a.status()) {
      case 200, 201 -> status(a);
      default -> refusal(a, "send");
    });
  }

  @Override
  public Mono<PhoneCodeStatus> check(String to, String code) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("To", to);
    form.put("Code", code);
    return post("VerificationCheck", form).map(a -> switch (a.status()) {
      case 200, 201 -> status(a);
      default -> refusal(a, "check");
    });
  }

  /** An HTTP answer: its status and JSON body (an empty object when the body is not JSON). */
  private record Answer(int status, JsonNode body) {
    int errorCode() {
      return body.path("code").asInt(0);
    }
  }

  private static PhoneCodeStatus status(Answer a) {
    return switch (a.body().path("status").asText("")) {
      case "pending" -> PhoneCodeStatus.PENDING;
      case "approved" -> PhoneCodeStatus.APPROVED;
      case "max_attempts_reached" -> PhoneCodeStatus.TOO_MANY_ATTEMPTS;
      case "canceled", "expired", "deleted", "failed" -> PhoneCodeStatus.NONE_PENDING;
      default -> throw unexpected(a, "an unknown verification status");
    };
  }

  private static PhoneCodeStatus refusal(Answer a, String what) {
    int code = a.errorCode();
    if (a.status() == 404 && (code == 20404 || code == 0)) {
      return PhoneCodeStatus.NONE_PENDING;
    }
    if (a.status() == 429 || code == 60202 || code == 60203) {
      return PhoneCodeStatus.TOO_MANY_ATTEMPTS;
    }
    if (a.status() == 400
        && (code == 60200 || code == 60205 || code == 21211 || code == 21408 || code == 21614)) {
      return PhoneCodeStatus.NUMBER_REFUSED;
    }
    throw unexpected(a, "a refused " + what);
  }

  private static Failed unexpected(Answer a, String what) {
    LOG.warn(
        "the SMS provider answered {}: HTTP {}, error code {}", what, a.status(), a.errorCode());
    return Failed.unavailable(
        "the SMS provider answered " + what + " (HTTP " + a.status() + ")",
        new IllegalStateException("HTTP " + a.status()));
  }

  private Mono<Answer> post(String resource, Map<String, String> form) {
    StringBuilder text = new StringBuilder();
    form.forEach((name, value) -> text.append(text.isEmpty() ? "" : "&")
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
        .append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
    String base = settings.baseUrl().toString().replaceAll("/+$", "");
    String url = base + "/v2/Services/" + settings.serviceSid() + "/" + resource;
    return http.headers(
            h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length))
        .post()
        .uri(url)
        .send((request, out) -> out.sendByteArray(Mono.just(body)))
        .response((response, content) -> BoundedAnswer.read(response, content, MAX_ANSWER))
        .next()
        .map(a -> new Answer(a.status(), parse(a.body())))
        .timeout(settings.timeout().multipliedBy(2))
        .onErrorMap(e -> !(e instanceof KithException), e -> {
          LOG.warn("the SMS provider could not be reached ({}): {}", resource, e.toString());
          return Failed.unavailable("the SMS provider could not be reached", e);
        });
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode node = body.length == 0 ? null : json.readTree(body);
      return node == null ? json.createObjectNode() : node;
    } catch (IOException e) {
      return json.createObjectNode();
    }
  }
}

package org.kith.delivery.checks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.kith.core.Failed;
import org.kith.core.KithException;
import org.kith.core.checks.BusinessRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@link BusinessRegistry} in the New Zealand Business Number API's v5 wire format: {@code GET
 * {base}/entities/{nzbn}} with the subscription key in {@code Ocp-Apim-Subscription-Key} (enough for public
 * reads), answering the entity as JSON ({@code nzbn}, {@code entityName}, {@code entityStatusDescription}, {@code
 * entityStatusCode}, {@code entityTypeDescription}, {@code registrationDate}, ...) or 404 for a number it does not
 * hold. Production is {@code https://api.business.govt.nz/gateway/nzbn/v5}, the sandbox {@code
 * .../sandbox/nzbn/v5}. No redirects, no proxy, answers of at most 1 MiB (an entity with its roles and addresses).
 * Thread-safe.
 */
public final class NzbnRegister implements BusinessRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(NzbnRegister.class);
  private static final int MAX_ANSWER = 1024 * 1024;

  /** The register's status for a business that is registered (trading). */
  private static final String REGISTERED = "Registered";

  /**
   * @param baseUrl the API's base, up to and including {@code /nzbn/v5}
   * @param subscriptionKey the API subscription key
   * @param timeout the most one call may take, connecting included
   */
  public record Settings(URI baseUrl, String subscriptionKey, Duration timeout) {
    public Settings {
      if (!"https".equals(baseUrl.getScheme()) && !"http".equals(baseUrl.getScheme())) {
        throw new IllegalArgumentException("the business register's base URL is http(s)");
      }
      if (subscriptionKey.isBlank() || subscriptionKey.matches(".*[\\r\\n].*")) {
        throw new IllegalArgumentException("the business register's subscription key is required");
      }
    }

    @Override
    public String toString() {
      return "Settings[baseUrl=" + baseUrl + ", timeout=" + timeout + "]";
    }
  }

  private final Settings settings;
  private final ObjectMapper json;
  private final HttpClient http;

  public NzbnRegister(Settings settings, ObjectMapper json) {
    this.settings = settings;
    this.json = json;
    this.http = HttpClient.create(ConnectionProvider.create("nzbn", 8))
        .followRedirect(false)
        .noProxy()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.timeout().toMillis())
        .responseTimeout(settings.timeout())
        .headers(h -> h.set("Ocp-Apim-Subscription-Key", settings.subscriptionKey())
            .set(HttpHeaderNames.ACCEPT, "application/json")
            .set(HttpHeaderNames.USER_AGENT, "kith"));
  }

  @Override
  public String provider() {
    return "nzbn";
  }

  @Override
  public Mono<Optional<BusinessEntity>> lookup(String number) {
    if (!number.matches("[0-9]{13}")) {
      return Mono.error(new IllegalArgumentException("an NZBN is 13 digits"));
    }
    String base = settings.baseUrl().toString().replaceAll("/+$", "");
    return http.get()
        .uri(base + "/entities/" + number)
        .response((response, content) -> BoundedAnswer.read(response, content, MAX_ANSWER))
        .next()
        .map(a -> answer(a.status(), a.body(), number))
        .timeout(settings.timeout().multipliedBy(2))
        .onErrorMap(e -> !(e instanceof KithException), e -> {
          LOG.warn("the business register could not be reached: {}", e.toString());
          return Failed.unavailable("the business register could not be reached", e);
        });
  }

  private Optional<BusinessEntity> answer(int status, byte[] body, String number) {
    if (status == 404) {
      return Optional.empty();
    }
    if (status != 200) {
      throw unexpected("HTTP " + status);
    }
    JsonNode entity;
    try {
      entity = json.readTree(body);
    } catch (IOException e) {
      throw unexpected("an answer that is not JSON");
    }
    String name = text(entity, "entityName");
    String state = text(entity, "entityStatusDescription");
    if (entity == null || name == null || state == null || !number.equals(text(entity, "nzbn"))) {
      throw unexpected("an entity without its number, name or status");
    }
    return Optional.of(new BusinessEntity(
        number,
        name,
        state,
        REGISTERED.equalsIgnoreCase(state),
        text(entity, "entityTypeDescription"),
        text(entity, "registrationDate")));
  }

  private static @org.jspecify.annotations.Nullable String text(
      @org.jspecify.annotations.Nullable JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || !v.isValueNode() || v.isNull() ? null : v.asText();
  }

  private static Failed unexpected(String what) {
    LOG.warn("the business register answered {}", what);
    return Failed.unavailable(
        "the business register answered " + what, new IllegalStateException(what));
  }
}

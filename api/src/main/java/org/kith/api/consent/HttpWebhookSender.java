package org.kith.api.consent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.kith.core.consent.WebhookSender;
import reactor.core.publisher.Mono;

/**
 * {@link WebhookSender} with the JDK's HTTP client: POST of the JSON payload with {@code Kith-Event-Id},
 * {@code Kith-Timestamp} (epoch seconds) and {@code Kith-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "."
 * + body)>}, as payment platforms sign theirs; no redirects followed, 10 s timeout. Thread-safe.
 */
public final class HttpWebhookSender implements WebhookSender {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final ObjectMapper json;
  private final Clock clock;
  private final boolean allowPrivateAddresses;

  /**
   * @param allowPrivateAddresses whether webhooks may reach loopback, link-local and private-network addresses
   *     (off in production, so an application cannot make Kith call services behind its firewall)
   */
  public HttpWebhookSender(ObjectMapper json, Clock clock, boolean allowPrivateAddresses) {
    this.json = json;
    this.clock = clock;
    this.allowPrivateAddresses = allowPrivateAddresses;
  }

  private void requirePublic(URI uri) throws java.net.UnknownHostException {
    if (allowPrivateAddresses) {
      return;
    }
    for (java.net.InetAddress a : java.net.InetAddress.getAllByName(uri.getHost())) {
      if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
          || a.isMulticastAddress()) {
        throw new IllegalStateException("the webhook URL resolves to a private address");
      }
    }
  }

  @Override
  public Mono<Integer> send(String url, String eventId, Map<String, Object> payload, String secret) {
    return Mono.defer(() -> {
      byte[] body;
      try {
        body = json.writeValueAsBytes(payload);
      } catch (JsonProcessingException e) {
        return Mono.error(e);
      }
      URI uri = URI.create(url);
      try {
        requirePublic(uri);
      } catch (java.net.UnknownHostException e) {
        return Mono.error(new IllegalStateException("the webhook host does not resolve"));
      } catch (IllegalStateException e) {
        return Mono.error(e);
      }
      String timestamp = Long.toString(clock.instant().getEpochSecond());
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .header("Kith-Event-Id", eventId)
          .header("Kith-Timestamp", timestamp)
          .header("Kith-Signature", "v1=" + sign(secret, timestamp, body))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
      return Mono.fromCompletionStage(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
          .map(HttpResponse::statusCode);
    });
  }

  /** Hex HMAC-SHA256 of {@code timestamp + "." + body}; receivers recompute it to check the event. */
  public static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}

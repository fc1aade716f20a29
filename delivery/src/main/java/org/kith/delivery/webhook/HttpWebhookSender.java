package org.kith.delivery.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.kith.core.consent.DeliveryFailure;
import org.kith.core.consent.WebhookSender;
import org.kith.core.net.OutboundTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@link WebhookSender} with Reactor Netty's HTTP client: POST of the JSON payload signed as Standard Webhooks says
 * ({@code webhook-id}, {@code webhook-timestamp} in epoch seconds, {@code webhook-signature}: see {@link
 * WebhookSignature}), with the older {@code Kith-Event-Id}, {@code Kith-Timestamp} and {@code Kith-Signature} too;
 * no redirects followed, no proxy, no pooled connections, 5 s to connect and 10 s to answer.
 *
 * <p>Where it connects is decided by {@link OutboundTargets}, twice over: a name is resolved once, through the
 * {@link HostResolver}, and refused if any of its addresses is not permitted ({@link CheckedResolverGroup});
 * the socket then connects only to an address from that answer, and the address it is about to connect to, IP
 * literals included, is judged again just before ({@link ConnectGuard}). Failures reach the caller only as
 * {@link DeliveryFailure}'s generic reasons; the details are logged. Thread-safe.
 */
public final class HttpWebhookSender implements WebhookSender {
  private static final Logger LOG = LoggerFactory.getLogger(HttpWebhookSender.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http;
  private final ObjectMapper json;
  private final Clock clock;

  /**
   * @param targets where webhooks may connect (production: globally reachable addresses only)
   * @param resolver the one name lookup per delivery
   */
  public HttpWebhookSender(
      ObjectMapper json, Clock clock, OutboundTargets targets, HostResolver resolver) {
    this.json = json;
    this.clock = clock;
    ConnectGuard guard = new ConnectGuard(targets);
    this.http = HttpClient.create(ConnectionProvider.newConnection())
        .resolver(new CheckedResolverGroup(resolver, targets))
        .doOnChannelInit((observer, channel, remote) ->
            channel.pipeline().addFirst(NettyPipeline.LEFT + "kithConnectGuard", guard))
        .followRedirect(false)
        .noProxy()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
        .responseTimeout(ANSWER_TIMEOUT);
  }

  @Override
  public Mono<Integer> send(
      String url, String eventId, Map<String, Object> payload, List<String> secrets) {
    return Mono.defer(() -> {
      byte[] body;
      try {
        body = json.writeValueAsBytes(payload);
      } catch (JsonProcessingException e) {
        return Mono.error(DeliveryFailure.failed(e));
      }
      String timestamp = Long.toString(clock.instant().getEpochSecond());
      return http.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json")
              .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
              .set("webhook-id", eventId)
              .set("webhook-timestamp", timestamp)
              .set(
                  "webhook-signature", WebhookSignature.standard(secrets, eventId, timestamp, body))
              .set("Kith-Event-Id", eventId)
              .set("Kith-Timestamp", timestamp)
              .set("Kith-Signature", "v1=" + sign(secrets.get(0), timestamp, body)))
          .post()
          .uri(url)
          .send((request, out) -> out.sendByteArray(Mono.just(body)))
          .response()
          .map(response -> response.status().code())
          .timeout(CONNECT_TIMEOUT.plus(ANSWER_TIMEOUT).plusSeconds(5))
          .onErrorMap(e -> {
            DeliveryFailure failure = translate(e);
            LOG.info(
                "webhook event {} not delivered ({}): {}",
                eventId,
                failure.reason(),
                e == failure
                    ? "the target's address is not permitted"
                    : e.toString()); // for operators only
            return failure;
          });
    });
  }

  /**
   * POSTs an {@code application/x-www-form-urlencoded} body (such as a back-channel {@code logout_token}) with the
   * same address checks, limits and failure reasons as {@link #send}; no signature header (the body is signed).
   */
  public Mono<Integer> postForm(String url, String eventId, Map<String, String> form) {
    return Mono.defer(() -> {
      StringBuilder text = new StringBuilder();
      form.forEach((name, value) -> text.append(text.isEmpty() ? "" : "&")
          .append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8))
          .append('=')
          .append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)));
      byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
      return http.headers(
              h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/x-www-form-urlencoded")
                  .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                  .set("Kith-Event-Id", eventId))
          .post()
          .uri(url)
          .send((request, out) -> out.sendByteArray(Mono.just(body)))
          .response()
          .map(response -> response.status().code())
          .timeout(CONNECT_TIMEOUT.plus(ANSWER_TIMEOUT).plusSeconds(5))
          .onErrorMap(e -> {
            DeliveryFailure failure = translate(e);
            LOG.info(
                "form post {} not delivered ({}): {}",
                eventId,
                failure.reason(),
                e == failure
                    ? "the target's address is not permitted"
                    : e.toString()); // for operators only
            return failure;
          });
    });
  }

  /** The generic reason for an error of the client; a refusal keeps its reason, wherever Netty wrapped it. */
  static DeliveryFailure translate(Throwable error) {
    for (Throwable t = Exceptions.unwrap(error); t != null; t = t.getCause()) {
      if (t instanceof DeliveryFailure f) {
        return f;
      }
      if (t instanceof ConnectTimeoutException
          || t instanceof ReadTimeoutException
          || t instanceof TimeoutException) {
        return DeliveryFailure.timedOut(error);
      }
    }
    return DeliveryFailure.failed(error);
  }

  /** Hex HMAC-SHA256 of {@code timestamp + "." + body} (the older {@code Kith-Signature}). */
  public static String sign(String secret, String timestamp, byte[] body) {
    return WebhookSignature.legacy(secret, timestamp, body);
  }
}

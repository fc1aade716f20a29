package org.kith.delivery.webhook;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.kith.core.consent.DeliveryFailure;
import org.kith.core.net.DocumentFetcher;
import org.kith.core.net.OutboundTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * {@link DocumentFetcher} with Reactor Netty's HTTP client, guarded exactly as {@link HttpWebhookSender} is (one
 * checked name lookup, {@link ConnectGuard} before the socket connects, no redirects, no proxy, no pooled
 * connections): 3 s to connect, 5 s to answer, 8 s in all, and the body read only up to the given size. Failures
 * reach the caller as {@link DeliveryFailure}; the details are logged. Thread-safe.
 */
public final class HttpDocumentFetcher implements DocumentFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(HttpDocumentFetcher.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(8);

  private final HttpClient http;

  public HttpDocumentFetcher(OutboundTargets targets, HostResolver resolver) {
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
  public Mono<String> get(String url, int maxBytes) {
    return http.headers(
            h -> h.set(HttpHeaderNames.ACCEPT, "application/json, application/jwk-set+json"))
        .get()
        .uri(url)
        .response((response, body) -> {
          if (response.status().code() != 200) {
            return Mono.error(DeliveryFailure.status(response.status().code()));
          }
          String length = response.responseHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
          if (length != null
              && (length.length() > 10 || Long.parseLong(length.strip()) > maxBytes)) {
            return Mono.error(DeliveryFailure.failed(null));
          }
          return body.asByteArray()
              .reduceWith(ByteArrayOutputStream::new, (out, chunk) -> {
                if (out.size() + chunk.length > maxBytes) {
                  throw DeliveryFailure.failed(null);
                }
                out.writeBytes(chunk);
                return out;
              })
              .map(out -> out.toString(StandardCharsets.UTF_8))
              .defaultIfEmpty("");
        })
        .next()
        .timeout(TOTAL_TIMEOUT)
        .onErrorMap(e -> {
          DeliveryFailure failure = HttpWebhookSender.translate(e);
          LOG.info(
              "document at {} not fetched ({}): {}",
              url,
              failure.reason(),
              e.toString()); // for operators only
          return failure;
        });
  }
}

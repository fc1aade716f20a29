package org.kith.core.net;

import reactor.core.publisher.Mono;

/**
 * Port: a GET of a small document Kith needs on an application's behalf (a client's {@code jwks_uri}), under the
 * same rule for where Kith connects as webhooks ({@link OutboundTargets}): no redirects, no proxy, bounded time and
 * size. Fails with {@link org.kith.core.consent.DeliveryFailure} for anything but a 200 answer within the bounds.
 */
public interface DocumentFetcher {
  /** The body of a 200 answer, as UTF-8, if it has at most {@code maxBytes} bytes. */
  Mono<String> get(String url, int maxBytes);
}

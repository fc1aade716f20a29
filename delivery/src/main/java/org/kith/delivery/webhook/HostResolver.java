package org.kith.delivery.webhook;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Resolves a host name to every address it has. The webhook sender asks it once per delivery and connects only
 * to an address from that answer, after judging all of them; tests give a stub, so they never ask DNS.
 */
@FunctionalInterface
public interface HostResolver {
  /** Every address of the name (never empty), or an error. */
  Mono<List<InetAddress>> resolve(String host);

  /** The operating system's resolver, off the event loop, given 5 seconds. */
  static HostResolver system() {
    return host -> Mono.fromCallable(() -> List.of(InetAddress.getAllByName(host)))
        .subscribeOn(Schedulers.boundedElastic())
        .timeout(Duration.ofSeconds(5));
  }
}

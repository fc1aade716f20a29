package org.kith.delivery.webhook;

import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.kith.core.consent.DeliveryFailure;
import org.kith.core.net.OutboundTargets;
import reactor.core.publisher.Mono;

/**
 * Netty's name resolution for webhook connections: one {@link HostResolver} answer per connection, refused
 * whole if any of its addresses is one Kith does not connect to; the connection then uses an address from this
 * same answer, never a second lookup (so a name that rebinds between check and connect gains nothing).
 * Thread-safe.
 */
final class CheckedResolverGroup extends AddressResolverGroup<InetSocketAddress> {
  private final HostResolver resolver;
  private final OutboundTargets targets;

  CheckedResolverGroup(HostResolver resolver, OutboundTargets targets) {
    this.resolver = resolver;
    this.targets = targets;
  }

  /** Every address of the host, or {@link DeliveryFailure#refused()} if one of them is not permitted. */
  Mono<List<InetAddress>> resolveChecked(String host) {
    return resolver
        .resolve(host)
        .flatMap(addresses -> addresses.isEmpty()
            ? Mono.error(DeliveryFailure.failed(null))
            : addresses.stream().allMatch(targets::permits)
                ? Mono.just(addresses)
                : Mono.error(DeliveryFailure.refused()));
  }

  @Override
  protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
    return new InetNameResolver(executor) {
      @Override
      protected void doResolve(String host, Promise<InetAddress> promise) {
        resolveChecked(host).subscribe(a -> promise.trySuccess(a.get(0)), promise::tryFailure);
      }

      @Override
      protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
        resolveChecked(host).subscribe(promise::trySuccess, promise::tryFailure);
      }
    }.asAddressResolver();
  }
}

package org.kith.delivery.webhook;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;
import org.kith.core.consent.DeliveryFailure;
import org.kith.core.net.OutboundTargets;

/**
 * The last check before a webhook connection opens: the address the socket is about to connect to, whether it
 * came from a name ({@link CheckedResolverGroup}) or was written in the URL as an IP address, must be one Kith
 * connects to; otherwise the connect fails as {@link DeliveryFailure#refused()} and no packet leaves. Stateless.
 */
@ChannelHandler.Sharable
final class ConnectGuard extends ChannelOutboundHandlerAdapter {
  private final OutboundTargets targets;

  ConnectGuard(OutboundTargets targets) {
    this.targets = targets;
  }

  @Override
  public void connect(
      ChannelHandlerContext ctx,
      SocketAddress remote,
      @Nullable SocketAddress local,
      ChannelPromise promise)
      throws Exception {
    if (remote instanceof InetSocketAddress inet
        && !inet.isUnresolved()
        && targets.permits(inet.getAddress())) {
      super.connect(ctx, remote, local, promise);
    } else {
      promise.setFailure(DeliveryFailure.refused());
    }
  }
}

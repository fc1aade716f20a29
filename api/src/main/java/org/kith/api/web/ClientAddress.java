package org.kith.api.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import org.springframework.web.server.ServerWebExchange;

/**
 * The network a request came from, as the key of per-client throttles: from the TCP peer, never a header such as
 * X-Forwarded-For that the client writes itself.
 */
public final class ClientAddress {
  private ClientAddress() {}

  /**
   * The client as a network for throttles that must not be evaded by changing address: an IPv4 address
   * itself, an IPv6 address's /64 (one subscriber's LAN is commonly a whole /64, so its 2^64 addresses are one
   * client).
   */
  public static String network(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    InetAddress address = remote == null ? null : remote.getAddress();
    if (address instanceof Inet6Address v6) {
      byte[] bytes = v6.getAddress();
      return HexFormat.of().formatHex(bytes, 0, 8) + "::/64";
    }
    return address == null ? "unknown" : address.getHostAddress();
  }
}

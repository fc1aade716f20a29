package org.kith.api.web;

import java.net.InetSocketAddress;
import org.springframework.web.server.ServerWebExchange;

/** The address a request came from, as the key of per-client throttles. */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(ServerWebExchange exchange) {
    InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
    return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
  }
}

package org.kith.api.web;

import org.kith.core.Consistency;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Consistency tokens over HTTP. A response to a request that wrote carries {@value #HEADER}; a request that sends
 * it back (to any API node) is answered from a database state that includes those writes — the "new enemy"
 * protection of Zanzibar's zookies, on Neo4j bookmarks. A malformed token is a 400.
 */
@Order(-300)
public final class ConsistencyFilter implements WebFilter {
  public static final String HEADER = "Kith-Consistency-Token";

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    Consistency consistency;
    try {
      consistency = Consistency.of(exchange.getRequest().getHeaders().getFirst(HEADER));
    } catch (RuntimeException e) {
      return Mono.error(e);
    }
    exchange.getResponse().beforeCommit(() -> {
      if (consistency.hasWritten()) {
        exchange.getResponse().getHeaders().set(HEADER, consistency.token());
      }
      return Mono.empty();
    });
    return chain
        .filter(exchange)
        .contextWrite(context -> context.put(Consistency.CONTEXT_KEY, consistency));
  }
}

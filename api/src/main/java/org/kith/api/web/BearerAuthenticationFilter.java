package org.kith.api.web;

import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.account.Scope;
import org.kith.core.account.SessionService;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Authenticates {@code Authorization: Bearer} credentials (Kith JWTs or personal access tokens) before
 * any route runs. A request without the header passes on anonymous (routes that need a caller ask for a
 * {@link Principal} argument and get 401); a request with a bad credential is refused with 401 at once. A
 * credential without the {@code write} scope may only use safe methods, without {@code read} only unsafe.
 */
@Component
@Order(-100)
public final class BearerAuthenticationFilter implements WebFilter {
  /** Exchange attribute holding the authenticated {@link Principal}. */
  public static final String PRINCIPAL = BearerAuthenticationFilter.class.getName() + ".principal";

  private static final int MAX_CREDENTIAL_LENGTH = 8192;

  private final SessionService sessions;

  public BearerAuthenticationFilter(SessionService sessions) {
    this.sessions = sessions;
  }

  /**
   * The OpenID Provider's protocol endpoints authenticate their own callers (clients by their secrets, relying
   * parties by the access tokens Kith issued them), which are not Kith credentials.
   */
  static final String PROTOCOL_PATHS = "/oauth2/";

  /** POST routes that only read (their input does not fit a URL), so the {@code read} scope allows them. */
  static final java.util.Set<String> READS_BY_POST =
      java.util.Set.of("/v1/db/query", "/v1/db/profile-objects/read");

  /** An application (client credentials) reads its inbox and its instances, nothing else. */
  private static boolean applicationRoute(ServerWebExchange exchange) {
    String path = exchange.getRequest().getPath().value();
    return path.startsWith("/v1/aa/instances/")
        || path.matches("/v1/aa/applications/[^/]+/instances");
  }

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || exchange.getRequest().getPath().value().startsWith(PROTOCOL_PATHS)) {
      return chain.filter(exchange);
    }
    if (header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Mono.error(
          Rejected.unauthenticated("use the Authorization header as: Bearer <token>"));
    }
    String credential = header.substring(7).strip();
    if (credential.isEmpty() || credential.length() > MAX_CREDENTIAL_LENGTH) {
      return Mono.error(Rejected.unauthenticated("the token is not valid"));
    }
    HttpMethod method = exchange.getRequest().getMethod();
    boolean safe = HttpMethod.GET.equals(method)
        || HttpMethod.HEAD.equals(method)
        || HttpMethod.OPTIONS.equals(method)
        || (HttpMethod.POST.equals(method)
            && READS_BY_POST.contains(exchange.getRequest().getPath().value()));
    return sessions.authenticate(credential).flatMap(principal -> {
      if (!principal.allows(safe ? Scope.READ : Scope.WRITE)) {
        return Mono.error(
            Rejected.forbidden("this token's scopes do not allow " + method + " requests"));
      }
      if (principal.credential() == Principal.Credential.APPLICATION
          && !applicationRoute(exchange)) {
        return Mono.error(Rejected.forbidden("an application's token reaches only its instances"));
      }
      exchange.getAttributes().put(PRINCIPAL, principal);
      return chain.filter(exchange);
    });
  }
}

package org.kith.api.oidc;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.kith.core.oidc.OAuthRefusal;
import org.kith.core.oidc.ProviderService;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The userinfo endpoint (OpenID Connect Core §5.3) with an access token in the Authorization header (RFC 6750
 * §2.1): the person's claims as the consent instance exposes them now. Refusals are RFC 6750 §3 challenges.
 */
@Hidden
@RestController
final class UserInfoController {
  private static final int MAX_TOKEN = 8192;
  private final ProviderService provider;

  UserInfoController(ProviderService provider) {
    this.provider = provider;
  }

  @GetMapping(path = ProviderEndpoints.USERINFO, produces = "application/json")
  Mono<ResponseEntity<Map<String, Object>>> get(ServerWebExchange exchange) {
    return userinfo(exchange);
  }

  @PostMapping(path = ProviderEndpoints.USERINFO, produces = "application/json")
  Mono<ResponseEntity<Map<String, Object>>> post(ServerWebExchange exchange) {
    return userinfo(exchange);
  }

  private Mono<ResponseEntity<Map<String, Object>>> userinfo(ServerWebExchange exchange) {
    String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() > MAX_TOKEN || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Mono.error(new OAuthRefusal("invalid_request", "send the access token as Authorization: Bearer"));
    }
    return provider.userinfo(header.substring(7).strip(), null)
        .map(claims -> ResponseEntity.ok().header("Cache-Control", "no-store").body(claims));
  }
}

package org.kith.api.oidc;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.oidc.GrantedAccess;
import org.kith.core.oidc.OAuthRefusal;
import org.kith.core.oidc.ProviderService;
import org.kith.core.oidc.RelyingPartyTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The userinfo endpoint (OpenID Connect Core §5.3) with an access token in the Authorization header (RFC 6750
 * §2.1): the person's claims as the consent instance exposes them now. A DPoP-bound token must come as
 * {@code Authorization: DPoP} with a proof of its key (RFC 9449 §7); as a Bearer token it is refused with a DPoP
 * challenge. Refusals are RFC 6750 §3 / RFC 9449 §7.1 challenges.
 */
@Hidden
@RestController
final class UserInfoController {
  /** Set on the exchange when the refusal's challenge must be the DPoP scheme. */
  static final String DPOP_CHALLENGE = UserInfoController.class.getName() + ".dpop";

  private static final int MAX_TOKEN = 8192;
  private final ProviderService provider;
  private final RelyingPartyTokens tokens;
  private final DPoPProofs dpop;
  private final ProviderEndpoints endpoints;

  UserInfoController(
      ProviderService provider,
      RelyingPartyTokens tokens,
      DPoPProofs dpop,
      ProviderEndpoints endpoints) {
    this.provider = provider;
    this.tokens = tokens;
    this.dpop = dpop;
    this.endpoints = endpoints;
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
    if (header == null || header.length() > MAX_TOKEN) {
      return Mono.error(
          new OAuthRefusal("invalid_request", "send the access token as Authorization: Bearer"));
    }
    return Mono.fromCallable(() -> {
          if (header.regionMatches(true, 0, "DPoP ", 0, 5)) {
            exchange.getAttributes().put(DPOP_CHALLENGE, true);
            String token = header.substring(5).strip();
            GrantedAccess a = claims(token);
            if (a == null || a.dpopThumbprint() == null) {
              throw OAuthRefusal.invalidToken("the access token is not a valid DPoP-bound token");
            }
            dpop.resourceRequest(
                exchange.getRequest().getHeaders().get(DPoPProofs.HEADER),
                exchange.getRequest().getMethod().name(),
                endpoints.at(ProviderEndpoints.USERINFO),
                a.clientId(),
                token,
                a.dpopThumbprint());
            return new Presented(a, a.dpopThumbprint());
          }
          if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            GrantedAccess a = claims(header.substring(7).strip());
            if (a == null) {
              throw OAuthRefusal.invalidToken("the access token is not valid");
            }
            if (a.dpopThumbprint() != null) {
              exchange.getAttributes().put(DPOP_CHALLENGE, true);
            }
            return new Presented(a, null);
          }
          throw new OAuthRefusal(
              "invalid_request", "send the access token as Authorization: Bearer or DPoP");
        })
        .flatMap(p -> provider.userinfo(p.access(), p.proofThumbprint()))
        .map(claims -> ResponseEntity.ok().header("Cache-Control", "no-store").body(claims));
  }

  /** The access token as verified (once per request), and the DPoP proof's key if one came with it. */
  private record Presented(GrantedAccess access, @Nullable String proofThumbprint) {}

  private @Nullable GrantedAccess claims(String token) {
    try {
      return tokens.verifyAccessToken(token);
    } catch (Rejected e) {
      return null;
    }
  }
}

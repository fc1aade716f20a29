package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.oidc.ConsentInteraction;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The authorization endpoint (OpenID Connect Core §3.1.2), GET or form POST. Until the client and its redirect URI
 * are known good, errors are answered here (400 problem) and never redirected; after that, as the specification says,
 * with a redirect carrying {@code error}, {@code state} and {@code iss} (RFC 9207). Only the code flow with PKCE S256
 * is served ({@link AuthorizationChecks}). A request the client pushed before (RFC 9126) is named by its
 * {@code request_uri} and {@code client_id}; the other parameters are then ignored (§4), and an unknown, expired, used
 * or another client's {@code request_uri} is a 400 here. A good request is kept and the browser goes to the hosted
 * page where the person logs in and answers.
 */
@Hidden
@RestController
final class AuthorizeController {
  private final AuthorizationChecks checks;
  private final PushedRequests pushed;
  private final ConsentInteraction provider;
  private final ProviderEndpoints endpoints;

  AuthorizeController(
      AuthorizationChecks checks,
      PushedRequests pushed,
      ConsentInteraction provider,
      ProviderEndpoints endpoints) {
    this.checks = checks;
    this.pushed = pushed;
    this.provider = provider;
    this.endpoints = endpoints;
  }

  @GetMapping(ProviderEndpoints.AUTHORIZE)
  Mono<ResponseEntity<Void>> get(ServerWebExchange exchange) {
    return authorize(exchange.getRequest().getQueryParams());
  }

  @PostMapping(path = ProviderEndpoints.AUTHORIZE, consumes = "application/x-www-form-urlencoded")
  Mono<ResponseEntity<Void>> post(ServerWebExchange exchange) {
    return exchange.getFormData().flatMap(this::authorize);
  }

  private Mono<ResponseEntity<Void>> authorize(MultiValueMap<String, String> params) {
    String requestUri = params.getFirst("request_uri");
    if (requestUri != null && params.get("request_uri").size() == 1) {
      String clientId = params.getFirst("client_id");
      if (clientId == null || params.get("client_id").size() != 1) {
        return Mono.error(
            Rejected.invalid("client_id", "client_id is required with a request_uri"));
      }
      return pushed
          .take(clientId, requestUri)
          .switchIfEmpty(Mono.error(() -> Rejected.invalid(
              "request_uri",
              "the request_uri is not one this client pushed, or it has expired or been used")))
          .flatMap(provider::begin)
          .map(id -> redirectTo(URI.create(ProviderEndpoints.CONSENT_PAGE + id)));
    }
    return checks.client(params.getFirst("client_id")).flatMap(app -> {
      AuthorizationChecks.Outcome outcome = checks.check(app, params, false);
      if (outcome instanceof AuthorizationChecks.Refused r) {
        return Mono.just(redirectTo(error(r.redirectUri(), r.error(), r.state())));
      }
      return provider
          .begin(((AuthorizationChecks.Accepted) outcome).ask())
          .map(id -> redirectTo(URI.create(ProviderEndpoints.CONSENT_PAGE + id)));
    });
  }

  private URI error(URI redirect, ErrorObject why, @Nullable String state) {
    return new AuthenticationErrorResponse(
            redirect,
            why,
            state == null ? null : new State(state),
            endpoints.issuer(),
            ResponseMode.QUERY)
        .toURI();
  }

  private static ResponseEntity<Void> redirectTo(URI location) {
    return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
  }
}

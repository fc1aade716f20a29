package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kith.core.Rejected;
import org.kith.core.consent.AccessApplication;
import org.kith.core.oidc.OAuthRefusal;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The pushed authorization request endpoint (RFC 9126): the client authenticates as at the token endpoint, its
 * request is checked as at the authorization endpoint, and it gets a one-use {@code request_uri} for 60 seconds.
 * Errors are RFC 6749 §5.2 JSON ({@link ProtocolErrors}), never redirects. A DPoP proof sent with the request binds
 * its code to the proof's key as {@code dpop_jkt} would (RFC 9449 §10.1); both must then name the same key.
 */
@Hidden
@RestController
final class ParController {
  /** Client authentication parameters: not part of the authorization request. */
  private static final Set<String> CLIENT_AUTH =
      Set.of("client_secret", "client_assertion", "client_assertion_type");

  private final ProviderEndpoints endpoints;
  private final ClientAuthenticator clients;
  private final AuthorizationChecks checks;
  private final PushedRequests pushed;
  private final DPoPProofs dpop;

  ParController(
      ProviderEndpoints endpoints,
      ClientAuthenticator clients,
      AuthorizationChecks checks,
      PushedRequests pushed,
      DPoPProofs dpop) {
    this.endpoints = endpoints;
    this.clients = clients;
    this.checks = checks;
    this.pushed = pushed;
    this.dpop = dpop;
  }

  @PostMapping(path = ProviderEndpoints.PAR, produces = "application/json")
  Mono<ResponseEntity<Map<String, Object>>> push(ServerWebExchange exchange) {
    return ProtocolRequests.of(exchange, endpoints, ProviderEndpoints.PAR)
        .flatMap(http -> {
          PushedAuthorizationRequest request;
          MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
          try {
            request = PushedAuthorizationRequest.parse(http);
            http.getBodyAsFormParameters().forEach((k, v) -> {
              if (!CLIENT_AUTH.contains(k)) {
                params.put(k, List.copyOf(v));
              }
            });
          } catch (ParseException e) {
            return Mono.error(new OAuthRefusal(
                e.getErrorObject() == null
                    ? "invalid_request"
                    : e.getErrorObject().getCode(),
                "the pushed authorization request is not valid"));
          }
          ClientID named = request.getAuthorizationRequest().getClientID();
          return clients.authenticate(request.getClientAuthentication(), named).flatMap(app -> {
            bind(app, exchange, params);
            return check(app, named, params);
          });
        })
        .map(requestUri -> ResponseEntity.status(HttpStatus.CREATED)
            .header("Cache-Control", "no-store")
            .body((Map<String, Object>) new PushedAuthorizationSuccessResponse(
                    URI.create(requestUri), PushedRequests.LIFETIME.toSeconds())
                .toJSONObject()));
  }

  /** The key of a DPoP proof sent with the request, as {@code dpop_jkt}; a different {@code dpop_jkt} is refused. */
  private void bind(
      AccessApplication app, ServerWebExchange exchange, MultiValueMap<String, String> params) {
    String jkt =
        dpop.parRequest(exchange.getRequest().getHeaders().get(DPoPProofs.HEADER), app.key());
    if (jkt == null) {
      return;
    }
    String named = params.getFirst("dpop_jkt");
    if (named != null && !named.equals(jkt)) {
      throw new OAuthRefusal(
          "invalid_request", "dpop_jkt is not the thumbprint of the DPoP proof's key");
    }
    params.set("dpop_jkt", jkt);
  }

  private Mono<String> check(
      AccessApplication app, ClientID named, MultiValueMap<String, String> params) {
    if (named != null && !named.getValue().equals(app.key())) {
      return Mono.error(
          new OAuthRefusal("invalid_request", "client_id is not the authenticated client"));
    }
    params.set("client_id", app.key());
    AuthorizationChecks.Outcome outcome;
    try {
      outcome = checks.check(app, params, true);
    } catch (Rejected e) {
      return Mono.error(new OAuthRefusal(
          "invalid_request", e.getMessage() == null ? "the request is not valid" : e.getMessage()));
    }
    if (outcome instanceof AuthorizationChecks.Refused refused) {
      return Mono.error(new OAuthRefusal(
          refused.error().getCode(),
          refused.error().getDescription() == null
              ? refused.error().getCode()
              : refused.error().getDescription()));
    }
    return pushed.push(((AuthorizationChecks.Accepted) outcome).ask());
  }
}

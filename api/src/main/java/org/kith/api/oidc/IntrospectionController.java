package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Date;
import java.util.Map;
import org.kith.core.oidc.TokenIntrospection;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Token introspection (RFC 7662) for resource servers: the caller authenticates as a confidential client
 * ({@link ClientAuthenticator}; a public client is refused) and must be an application with {@code resource_server}
 * set. The answer is {@code {active: false}} for any token that is not live or that it is not entitled to
 * ({@link TokenIntrospection}); a live one adds {@code scope, client_id, sub, exp, iat, iss, aud, token_type} and
 * {@code cnf.jkt} when the token is DPoP-bound.
 */
@Hidden
@RestController
final class IntrospectionController {
  private final TokenIntrospection introspection;
  private final ProviderEndpoints endpoints;
  private final ClientAuthenticator clients;

  IntrospectionController(
      TokenIntrospection introspection, ProviderEndpoints endpoints, ClientAuthenticator clients) {
    this.introspection = introspection;
    this.endpoints = endpoints;
    this.clients = clients;
  }

  @PostMapping(path = ProviderEndpoints.INTROSPECT, produces = "application/json")
  Mono<ResponseEntity<Map<String, Object>>> introspect(ServerWebExchange exchange) {
    return ProtocolRequests.of(exchange, endpoints, ProviderEndpoints.INTROSPECT)
        .flatMap(http -> {
          TokenIntrospectionRequest request;
          try {
            request = TokenIntrospectionRequest.parse(http);
          } catch (ParseException e) {
            return Mono.error(
                ClientAuthenticator.unparsable(http, e, "the introspection request is not valid"));
          }
          if (request.getClientAuthentication() == null) {
            return Mono.error(ClientAuthenticator.refused());
          }
          return clients
              .authenticate(request.getClientAuthentication(), null)
              .flatMap(rs -> introspection.introspect(rs, request.getToken().getValue()))
              .map(this::active)
              .defaultIfEmpty(
                  new TokenIntrospectionSuccessResponse.Builder(false).build().toJSONObject());
        })
        .map(body -> ResponseEntity.ok().header("Cache-Control", "no-store").body(body));
  }

  private Map<String, Object> active(TokenIntrospection.Active a) {
    TokenIntrospectionSuccessResponse.Builder b = new TokenIntrospectionSuccessResponse.Builder(
            true)
        .scope(new Scope(a.scopes().stream().sorted().toArray(String[]::new)))
        .clientID(new ClientID(a.clientId()))
        .subject(new Subject(a.subject()))
        .expirationTime(Date.from(a.expiresAt()))
        .issuer(endpoints.issuer())
        .audience(Audience.create(endpoints.issuer().getValue()));
    if (a.issuedAt() != null) {
      b.issueTime(Date.from(a.issuedAt()));
    }
    if (!a.refresh()) {
      b.tokenType(a.dpopThumbprint() == null ? AccessTokenType.BEARER : AccessTokenType.DPOP);
    }
    if (a.dpopThumbprint() != null) {
      b.parameter("cnf", Map.of("jkt", a.dpopThumbprint()));
    }
    return b.build().toJSONObject();
  }
}

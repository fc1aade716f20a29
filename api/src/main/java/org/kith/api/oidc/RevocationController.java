package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import io.swagger.v3.oas.annotations.Hidden;
import org.kith.core.oidc.ProviderService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Token revocation (RFC 7009): a client ends the grant behind one of its refresh or access tokens. The answer is 200
 * whether or not the token was known, as the RFC asks.
 */
@Hidden
@RestController
final class RevocationController {
  private final ProviderService provider;
  private final ProviderEndpoints endpoints;
  private final ClientAuthenticator clients;

  RevocationController(
      ProviderService provider, ProviderEndpoints endpoints, ClientAuthenticator clients) {
    this.provider = provider;
    this.endpoints = endpoints;
    this.clients = clients;
  }

  @PostMapping(ProviderEndpoints.REVOKE)
  Mono<ResponseEntity<Void>> revoke(ServerWebExchange exchange) {
    return ProtocolRequests.of(exchange, endpoints, ProviderEndpoints.REVOKE)
        .flatMap(http -> {
          TokenRevocationRequest request;
          try {
            request = TokenRevocationRequest.parse(http);
          } catch (ParseException e) {
            return Mono.error(
                ClientAuthenticator.unparsable(http, e, "the revocation request is not valid"));
          }
          return clients
              .authenticate(request.getClientAuthentication(), request.getClientID())
              .flatMap(app -> provider.revoke(app.aId(), request.getToken().getValue()));
        })
        .thenReturn(ResponseEntity.ok().header("Cache-Control", "no-store").<Void>build());
  }
}

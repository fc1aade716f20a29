package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.kith.core.oidc.OAuthRefusal;
import org.kith.core.oidc.ProviderService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The token endpoint (RFC 6749 §3.2, OpenID Connect Core §3.1.3): the authorization code grant with its PKCE
 * verifier, and the refresh token grant with rotation. Errors are RFC 6749 §5.2 JSON ({@link ProtocolErrors}).
 * With a valid DPoP proof (RFC 9449) the tokens are bound to its key ({@code token_type} DPoP); an application that
 * requires DPoP must send one.
 */
@Hidden
@RestController
final class TokenController {
  private final ProviderService provider;
  private final ProviderEndpoints endpoints;
  private final ClientAuthenticator clients;
  private final DPoPProofs dpop;

  TokenController(
      ProviderService provider,
      ProviderEndpoints endpoints,
      ClientAuthenticator clients,
      DPoPProofs dpop) {
    this.provider = provider;
    this.endpoints = endpoints;
    this.clients = clients;
    this.dpop = dpop;
  }

  @PostMapping(path = ProviderEndpoints.TOKEN, produces = "application/json")
  Mono<ResponseEntity<Map<String, Object>>> token(ServerWebExchange exchange) {
    return ProtocolRequests.of(exchange, endpoints, ProviderEndpoints.TOKEN)
        .flatMap(http -> {
          TokenRequest request;
          try {
            request = TokenRequest.parse(http);
          } catch (ParseException e) {
            return Mono.error(
                ClientAuthenticator.unparsable(http, e, "the token request is not valid"));
          }
          AuthorizationGrant grant = request.getAuthorizationGrant();
          return clients
              .authenticate(request.getClientAuthentication(), request.getClientID())
              .flatMap(app -> {
                String jkt = dpop.tokenRequest(
                    exchange.getRequest().getHeaders().get(DPoPProofs.HEADER), app.key());
                if (jkt == null && app.requireDpop()) {
                  return Mono.error(new OAuthRefusal(
                      "invalid_dpop_proof", "this application must send a DPoP proof"));
                }
                if (grant instanceof AuthorizationCodeGrant code) {
                  if (code.getCodeVerifier() == null || code.getRedirectionURI() == null) {
                    return Mono.error(new OAuthRefusal(
                        "invalid_request", "code_verifier and redirect_uri are required"));
                  }
                  String challenge = CodeChallenge.compute(
                          CodeChallengeMethod.S256, code.getCodeVerifier())
                      .getValue();
                  return provider
                      .exchange(
                          app.aId(),
                          code.getAuthorizationCode().getValue(),
                          code.getRedirectionURI().toString(),
                          challenge,
                          jkt)
                      .map(TokenController::withIdToken);
                }
                if (grant instanceof RefreshTokenGrant refresh) {
                  return provider
                      .refresh(app.aId(), refresh.getRefreshToken().getValue(), jkt)
                      .map(TokenController::withoutIdToken);
                }
                return Mono.error(new OAuthRefusal(
                    "unsupported_grant_type", "use authorization_code or refresh_token"));
              });
        })
        .map(body -> ResponseEntity.ok()
            .header("Cache-Control", "no-store")
            .header("Pragma", "no-cache")
            .body(body));
  }

  private static Map<String, Object> withIdToken(ProviderService.TokenSet t) {
    return new OIDCTokenResponse(
            new OIDCTokens(t.idToken(), access(t), new RefreshToken(t.refreshToken())))
        .toJSONObject();
  }

  private static Map<String, Object> withoutIdToken(ProviderService.TokenSet t) {
    return new AccessTokenResponse(new Tokens(access(t), new RefreshToken(t.refreshToken())))
        .toJSONObject();
  }

  private static AccessToken access(ProviderService.TokenSet t) {
    Scope scope = new Scope(t.scopes().stream().sorted().toArray(String[]::new));
    return t.dpopBound()
        ? new DPoPAccessToken(t.accessToken(), t.expiresIn().toSeconds(), scope)
        : new BearerAccessToken(t.accessToken(), t.expiresIn().toSeconds(), scope);
  }
}

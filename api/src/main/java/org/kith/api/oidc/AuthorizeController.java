package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationService;
import org.kith.core.oidc.AuthorizationAsk;
import org.kith.core.oidc.ProviderService;
import org.kith.core.oidc.RedirectUris;
import org.kith.core.oidc.StandardClaims;
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
 * is served. A good request is kept and the browser goes to the hosted page where the person logs in and answers.
 */
@Hidden
@RestController
final class AuthorizeController {
  private final ApplicationService applications;
  private final ProviderService provider;
  private final ProviderEndpoints endpoints;

  AuthorizeController(ApplicationService applications, ProviderService provider, ProviderEndpoints endpoints) {
    this.applications = applications;
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
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      if (e.getValue().size() > 1) {
        return Mono.error(Rejected.invalid(e.getKey(), "a parameter may be given once"));
      }
    }
    String clientId = params.getFirst("client_id");
    String redirectUri = params.getFirst("redirect_uri");
    if (clientId == null || clientId.isBlank()) {
      return Mono.error(Rejected.invalid("client_id", "client_id is required"));
    }
    return applications.byKey(clientId)
        .switchIfEmpty(Mono.error(() -> Rejected.invalid("client_id", "no application has this client_id")))
        .flatMap(app -> {
          if (redirectUri == null || !RedirectUris.allowed(app.callbackUris(), redirectUri)) {
            return Mono.error(Rejected.invalid("redirect_uri",
                "redirect_uri must be exactly one of the application's registered callback URIs"));
          }
          URI redirect = URI.create(redirectUri);
          @Nullable String state = params.getFirst("state");
          ErrorObject refused = refusal(params);
          if (refused != null) {
            return Mono.just(redirectTo(error(redirect, refused, state)));
          }
          AuthenticationRequest request;
          try {
            request = AuthenticationRequest.parse(params.toSingleValueMap().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue()))));
          } catch (ParseException e) {
            ErrorObject why = e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject();
            return Mono.just(redirectTo(error(redirect, why, state)));
          }
          return provider.begin(ask(app, request, redirectUri))
              .map(id -> redirectTo(URI.create(ProviderEndpoints.CONSENT_PAGE + id)));
        });
  }

  /** What this provider refuses before parsing: other flows, missing or plain PKCE, request objects, silent login. */
  private static @Nullable ErrorObject refusal(MultiValueMap<String, String> params) {
    if (!"code".equals(params.getFirst("response_type"))) {
      return OAuth2Error.UNSUPPORTED_RESPONSE_TYPE.setDescription("only response_type=code is served");
    }
    String mode = params.getFirst("response_mode");
    if (mode != null && !mode.equals("query")) {
      return OAuth2Error.INVALID_REQUEST.setDescription("only response_mode=query is served");
    }
    if (params.containsKey("request")) {
      return OAuth2Error.REQUEST_NOT_SUPPORTED;
    }
    if (params.containsKey("request_uri")) {
      return OAuth2Error.REQUEST_URI_NOT_SUPPORTED;
    }
    if (params.getFirst("code_challenge") == null) {
      return OAuth2Error.INVALID_REQUEST.setDescription("PKCE is required: send code_challenge with S256");
    }
    if (!CodeChallengeMethod.S256.getValue().equals(params.getFirst("code_challenge_method"))) {
      return OAuth2Error.INVALID_REQUEST.setDescription("code_challenge_method must be S256");
    }
    String scope = params.getFirst("scope");
    if (scope == null || !List.of(scope.split(" ")).contains("openid")) {
      return OAuth2Error.INVALID_SCOPE.setDescription("the openid scope is required");
    }
    String prompt = params.getFirst("prompt");
    if (prompt != null && List.of(prompt.split(" ")).contains("none")) {
      return OIDCError.LOGIN_REQUIRED.setDescription("the person must log in on Kith's page");
    }
    return null;
  }

  private AuthorizationAsk ask(AccessApplication app, AuthenticationRequest r, String redirectUri) {
    Set<String> scopes = new LinkedHashSet<>(r.getScope().toStringList());
    scopes.retainAll(StandardClaims.SCOPES.keySet());
    Set<String> prompt = new LinkedHashSet<>();
    Prompt p = r.getPrompt();
    if (p != null) {
      p.forEach(t -> prompt.add(t.toString()));
    }
    return new AuthorizationAsk(app.aId(), app.key(), redirectUri, scopes,
        r.getState() == null ? null : r.getState().getValue(), r.getNonce() == null ? null : r.getNonce().getValue(),
        r.getCodeChallenge().getValue(), prompt, r.getMaxAge() < 0 ? null : r.getMaxAge(),
        r.getLoginHint(), null, provider.requestExpiry());
  }

  private URI error(URI redirect, ErrorObject why, @Nullable String state) {
    return new AuthenticationErrorResponse(redirect, why, state == null ? null : new State(state),
        endpoints.issuer(), ResponseMode.QUERY).toURI();
  }

  private static ResponseEntity<Void> redirectTo(URI location) {
    return ResponseEntity.status(HttpStatus.FOUND).location(location).build();
  }
}

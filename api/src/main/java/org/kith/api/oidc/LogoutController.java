package org.kith.api.oidc;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.oidc.LogoutService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0), GET or form POST at the end-session endpoint. The
 * request is checked here (a bad {@code id_token_hint}, an unknown client or a {@code post_logout_redirect_uri} that
 * is not the registered {@code logout_uri} get a 400 problem, never a redirect); a good one goes to Kith's page,
 * which brings it back with the person's own session to {@code /v1/oidc/logout}: only the session carrying the
 * request can end, at once when the hint's {@code sid} names it, else after the person confirms.
 */
@RestController
final class LogoutController {
  /** The hosted page that ends the session (the onboarding app's route). */
  static final String LOGOUT_PAGE = "/app/end-session";

  private static final List<String> PARAMS =
      List.of("id_token_hint", "client_id", "post_logout_redirect_uri", "state");
  private final LogoutService logout;

  LogoutController(LogoutService logout) {
    this.logout = logout;
  }

  @Hidden
  @GetMapping(ProviderEndpoints.LOGOUT)
  Mono<ResponseEntity<Void>> get(ServerWebExchange exchange) {
    return endSession(exchange.getRequest().getQueryParams());
  }

  @Hidden
  @PostMapping(path = ProviderEndpoints.LOGOUT, consumes = "application/x-www-form-urlencoded")
  Mono<ResponseEntity<Void>> post(ServerWebExchange exchange) {
    return exchange.getFormData().flatMap(this::endSession);
  }

  private Mono<ResponseEntity<Void>> endSession(MultiValueMap<String, String> params) {
    for (String name : PARAMS) {
      List<String> values = params.get(name);
      if (values != null && values.size() > 1) {
        return Mono.error(Rejected.invalid(name, "a parameter may be given once"));
      }
    }
    return logout
        .check(
            params.getFirst("id_token_hint"),
            params.getFirst("client_id"),
            params.getFirst("post_logout_redirect_uri"),
            params.getFirst("state"))
        .map(checked -> {
          UriComponentsBuilder page = UriComponentsBuilder.newInstance();
          for (String name : PARAMS) {
            String value = params.getFirst(name);
            if (value != null && !value.isBlank()) {
              page.queryParam(name, "{" + name + "}");
            }
          }
          Map<String, String> values = params.toSingleValueMap();
          String query = page.build().expand(values).encode().toUriString();
          return ResponseEntity.status(HttpStatus.FOUND)
              .location(URI.create(LOGOUT_PAGE + query))
              .<Void>build();
        });
  }

  /** The request as the page brings it back, and whether the person confirmed. */
  record LogoutConfirmation(
      @Nullable String idTokenHint,
      @Nullable String clientId,
      @Nullable String postLogoutRedirectUri,
      @Nullable String state,
      @Nullable Boolean confirm) {}

  /** What happened; {@code redirectTo} is the application's logout URI (with the state) once the session ended. */
  record LogoutOutcome(
      boolean ended,
      boolean confirmationRequired,
      @Nullable String application,
      @Nullable String redirectTo) {}

  @PostMapping(
      path = "/v1/oidc/logout",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      operationId = "oidcLogout",
      summary = "LogoutConfirmation: end this session at a relying party's request"
          + " (at once if its ID token was issued in this session, else when confirm is true)")
  Mono<LogoutOutcome> confirm(Principal caller, @RequestBody LogoutConfirmation body) {
    return logout
        .check(body.idTokenHint(), body.clientId(), body.postLogoutRedirectUri(), body.state())
        .flatMap(r -> logout.logout(caller, r, Boolean.TRUE.equals(body.confirm())))
        .map(o -> new LogoutOutcome(
            o.ended(),
            o.confirmationRequired(),
            o.applicationName(),
            o.ended() && o.redirectUri() != null ? back(o.redirectUri(), o.state()) : null));
  }

  private static String back(String uri, @Nullable String state) {
    UriComponentsBuilder to = UriComponentsBuilder.fromUriString(uri);
    if (state != null) {
      to.queryParam("state", "{state}");
      return to.build().expand(Map.of("state", state)).encode().toUriString();
    }
    return to.build().toUriString();
  }
}

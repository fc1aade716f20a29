package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.openid.connect.sdk.AuthenticationErrorResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.account.Principal;
import org.kith.core.oidc.ConsentInteraction;
import org.kith.core.org.OrganisationStore;
import org.kith.core.profile.ProfileObject;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What the hosted consent page uses, with the person's own Kith session: read a relying party's pending request,
 * then allow it (a consent instance and a one-time code) or deny it; either way the page is told where to send the
 * browser.
 */
@RestController
final class RequestController {
  private static final String EXPIRED = "no such authorization request (it may have expired)";
  private final ConsentInteraction provider;
  private final ProviderEndpoints endpoints;
  private final OrganisationStore orgs;

  RequestController(
      ConsentInteraction provider, ProviderEndpoints endpoints, OrganisationStore orgs) {
    this.provider = provider;
    this.endpoints = endpoints;
    this.orgs = orgs;
  }

  /** The application asking. */
  record AuthorizationApplication(
      String aId,
      String name,
      @Nullable String description,
      @Nullable String picture,
      @Nullable String organisation) {}

  /** A scope asked for, in plain words. */
  record AuthorizationScope(String scope, String description) {}

  /** One of the person's objects that can answer the request (preselected on the page). */
  record AuthorizationCandidate(String nId, String schema, Map<String, Object> properties) {}

  /** A pending request as the page shows it. */
  record AuthorizationRequestView(
      String requestId,
      AuthorizationApplication application,
      List<AuthorizationScope> scopes,
      List<AuthorizationCandidate> candidates,
      boolean loginRequired) {}

  /** Where the browser goes next. */
  record AuthorizationRedirect(String redirectTo) {}

  /** What the person allows to be shared: none at all for sign-in only. */
  record AuthorizationAllow(@Nullable List<String> profileObjects) {}

  @GetMapping(path = "/v1/oidc/requests/{requestId}", produces = "application/json")
  @Operation(
      operationId = "getAuthorizationRequest",
      summary = "A relying party's pending OpenID Connect request")
  Mono<AuthorizationRequestView> get(Principal caller, @PathVariable String requestId) {
    return consentPage(requestId, EXPIRED)
        .then(provider.request(caller, requestId))
        .flatMap(r -> organisation(r.app().orgId())
            .map(org -> new AuthorizationRequestView(
                requestId,
                new AuthorizationApplication(
                    r.app().aId(),
                    r.app().name(),
                    r.app().description(),
                    r.app().picture(),
                    org.orElse(null)),
                r.scopes().entrySet().stream()
                    .map(e -> new AuthorizationScope(e.getKey(), e.getValue()))
                    .toList(),
                r.candidates().stream().map(RequestController::candidate).toList(),
                r.loginRequired())));
  }

  @PostMapping(
      path = "/v1/oidc/requests/{requestId}/allow",
      consumes = "application/json",
      produces = "application/json")
  @Operation(
      operationId = "allowAuthorizationRequest",
      summary =
          "AuthorizationAllow: share the chosen objects with the relying party (a consent instance) and send it a code")
  Mono<AuthorizationRedirect> allow(
      Principal caller, @PathVariable String requestId, @RequestBody AuthorizationAllow body) {
    return consentPage(requestId, EXPIRED)
        .then(provider.allow(
            caller, requestId, body.profileObjects() == null ? List.of() : body.profileObjects()))
        .map(this::redirect);
  }

  @PostMapping(path = "/v1/oidc/requests/{requestId}/deny", produces = "application/json")
  @Operation(
      operationId = "denyAuthorizationRequest",
      summary = "Deny: share nothing; the relying party hears so")
  Mono<AuthorizationRedirect> deny(Principal caller, @PathVariable String requestId) {
    return consentPage(requestId, "no such authorization request")
        .then(provider.deny(caller, requestId))
        .map(this::redirect);
  }

  /**
   * A pushed request is answered only after its one use at the authorization endpoint (RFC 9126); until then its id
   * is as unknown here as any other, with the same 404 ({@code detail} as the provider's for that route).
   */
  private static Mono<Void> consentPage(String requestId, String detail) {
    return PushedRequests.isPushed(requestId)
        ? Mono.error(Rejected.notFound(detail))
        : Mono.empty();
  }

  /** The name of the organisation an application belongs to, if any. */
  private Mono<java.util.Optional<String>> organisation(@Nullable String orgId) {
    return orgId == null
        ? Mono.just(java.util.Optional.empty())
        : orgs.find(orgId)
            .map(o -> java.util.Optional.of(o.name()))
            .defaultIfEmpty(java.util.Optional.empty());
  }

  private static AuthorizationCandidate candidate(ProfileObject o) {
    return new AuthorizationCandidate(o.nId(), o.schema(), o.properties());
  }

  private AuthorizationRedirect redirect(ConsentInteraction.Decision d) {
    URI to = URI.create(d.redirectUri());
    State state = d.state() == null ? null : new State(d.state());
    URI location = d.code() != null
        ? new AuthenticationSuccessResponse(
                to,
                new AuthorizationCode(d.code()),
                null,
                null,
                state,
                null,
                endpoints.issuer(),
                ResponseMode.QUERY)
            .toURI()
        : new AuthenticationErrorResponse(
                to,
                OAuth2Error.ACCESS_DENIED.setDescription("the person denied the request"),
                state,
                endpoints.issuer(),
                ResponseMode.QUERY)
            .toURI();
    return new AuthorizationRedirect(location.toString());
  }
}

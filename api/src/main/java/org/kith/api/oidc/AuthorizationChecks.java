package org.kith.api.oidc;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.core.Rejected;
import org.kith.core.consent.AccessApplication;
import org.kith.core.consent.ApplicationService;
import org.kith.core.oidc.AuthorizationAsk;
import org.kith.core.oidc.ConsentInteraction;
import org.kith.core.oidc.RedirectUris;
import org.kith.core.oidc.StandardClaims;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Mono;

/**
 * The one check of an authorization request's parameters, whether they come to the authorization endpoint or are
 * pushed (RFC 9126): the client must be known and the redirect URI registered (otherwise a {@link Rejected} the
 * endpoint answers itself, never at the redirect URI); then only the code flow with PKCE S256 and the openid scope,
 * no request objects, no silent login, and no unpushed request from an application that must push.
 */
@Component
final class AuthorizationChecks {
  private final ApplicationService applications;
  private final ConsentInteraction provider;

  AuthorizationChecks(ApplicationService applications, ConsentInteraction provider) {
    this.applications = applications;
    this.provider = provider;
  }

  /** What the check found. */
  sealed interface Outcome {}

  /** A good request, ready to be kept until the person answers. */
  record Accepted(AuthorizationAsk ask) implements Outcome {}

  /** A refusal the client may hear at its (known good) redirect URI, with the request's state. */
  record Refused(
      URI redirectUri, ErrorObject error, @Nullable String state) implements Outcome {}

  /** The application whose client id this is; a 400 for an unknown one. */
  Mono<AccessApplication> client(@Nullable String clientId) {
    if (clientId == null || clientId.isBlank()) {
      return Mono.error(Rejected.invalid("client_id", "client_id is required"));
    }
    return applications
        .byKey(clientId)
        .switchIfEmpty(
            Mono.error(() -> Rejected.invalid("client_id", "no application has this client_id")));
  }

  /**
   * Checks the request {@code app} makes; {@code pushed} when it came to the PAR endpoint.
   *
   * @throws Rejected (400) for a repeated parameter or a redirect URI that is not registered
   */
  Outcome check(AccessApplication app, MultiValueMap<String, String> params, boolean pushed) {
    for (Map.Entry<String, List<String>> e : params.entrySet()) {
      if (e.getValue().size() > 1) {
        throw Rejected.invalid(e.getKey(), "a parameter may be given once");
      }
    }
    String redirectUri = params.getFirst("redirect_uri");
    if (redirectUri == null || !RedirectUris.allowed(app.callbackUris(), redirectUri)) {
      throw Rejected.invalid(
          "redirect_uri",
          "redirect_uri must be exactly one of the application's registered callback URIs");
    }
    URI redirect = URI.create(redirectUri);
    @Nullable String state = params.getFirst("state");
    ErrorObject refused = refusal(params, pushed);
    if (refused == null && !pushed && app.requirePar()) {
      refused = OAuth2Error.INVALID_REQUEST.setDescription(
          "this application must push its authorization requests (PAR, RFC 9126) and send the request_uri");
    }
    if (refused != null) {
      return new Refused(redirect, refused, state);
    }
    Map<String, List<String>> single = new LinkedHashMap<>();
    params.toSingleValueMap().forEach((k, v) -> single.put(k, List.of(v)));
    AuthenticationRequest request;
    try {
      request = AuthenticationRequest.parse(single);
    } catch (ParseException e) {
      return new Refused(
          redirect,
          e.getErrorObject() == null ? OAuth2Error.INVALID_REQUEST : e.getErrorObject(),
          state);
    }
    return new Accepted(ask(app, request, redirectUri));
  }

  /** What this provider refuses before parsing: other flows, missing or plain PKCE, request objects, silent login. */
  private static @Nullable ErrorObject refusal(
      MultiValueMap<String, String> params, boolean pushed) {
    if (!"code".equals(params.getFirst("response_type"))) {
      return OAuth2Error.UNSUPPORTED_RESPONSE_TYPE.setDescription(
          "only response_type=code is served");
    }
    String mode = params.getFirst("response_mode");
    if (mode != null && !mode.equals("query")) {
      return OAuth2Error.INVALID_REQUEST.setDescription("only response_mode=query is served");
    }
    if (params.containsKey("request")) {
      return OAuth2Error.REQUEST_NOT_SUPPORTED;
    }
    if (params.containsKey("request_uri")) {
      return pushed
          ? OAuth2Error.INVALID_REQUEST.setDescription(
              "a pushed request may not have a request_uri")
          : OAuth2Error.REQUEST_URI_NOT_SUPPORTED;
    }
    if (params.getFirst("code_challenge") == null) {
      return OAuth2Error.INVALID_REQUEST.setDescription(
          "PKCE is required: send code_challenge with S256");
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
    String dpopJkt = r.getDPoPJWKThumbprintConfirmation() == null
        ? null
        : r.getDPoPJWKThumbprintConfirmation().getValue().toString();
    return new AuthorizationAsk(
        app.aId(),
        app.key(),
        redirectUri,
        scopes,
        r.getState() == null ? null : r.getState().getValue(),
        r.getNonce() == null ? null : r.getNonce().getValue(),
        r.getCodeChallenge().getValue(),
        prompt,
        r.getMaxAge() < 0 ? null : r.getMaxAge(),
        r.getLoginHint(),
        dpopJkt,
        provider.requestExpiry());
  }
}

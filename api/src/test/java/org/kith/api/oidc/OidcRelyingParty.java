package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.kith.api.KithIT;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/** A relying party's side of the OpenID Provider, for the PAR and DPoP tests: clients, requests, proofs, tokens. */
abstract class OidcRelyingParty extends KithIT {
  static final String CALLBACK = OidcFlowIT.CALLBACK;

  /** A client; {@code secret} null for a public client. */
  record Client(String aId, String clientId, @Nullable String secret) {}

  /** An application with the given extra fields ({@code require_par}, {@code require_dpop}, a secret or not). */
  Client client(boolean confidential, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>(Map.of(
        "name",
        "Relying Shop",
        "callback_uri",
        List.of(CALLBACK),
        "generate_secret",
        confidential));
    body.putAll(extra);
    Map<?, ?> app = post("/v1/aa/applications", adminToken(), body)
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return new Client(
        (String) app.get("a_id"), (String) app.get("key"), (String) app.get("secret"));
  }

  Map<?, ?> discovery() {
    return http.get()
        .uri("/.well-known/openid-configuration")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  URI endpoint(String name) {
    return URI.create((String) discovery().get(name));
  }

  /** The parameters of a good code flow request with PKCE S256. */
  static Map<String, String> ask(Client c, CodeVerifier verifier) {
    return new HashMap<>(Map.of(
        "response_type",
        "code",
        "client_id",
        c.clientId(),
        "redirect_uri",
        CALLBACK,
        "scope",
        "openid",
        "state",
        "st-" + System.nanoTime(),
        "nonce",
        "n-" + System.nanoTime(),
        "code_challenge",
        CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
        "code_challenge_method",
        "S256"));
  }

  WebTestClient.ResponseSpec authorize(Map<String, String> params) {
    return http.get()
        .uri(u -> {
          u.path(ProviderEndpoints.AUTHORIZE);
          params.forEach((k, v) -> u.queryParam(k, "{" + k + "}"));
          return u.build(params);
        })
        .exchange();
  }

  /** The pending request id the authorization endpoint sends the browser to the consent page with. */
  String consentRequest(Map<String, String> params) {
    URI location = authorize(params)
        .expectStatus()
        .isFound()
        .returnResult(Void.class)
        .getResponseHeaders()
        .getLocation();
    assertThat(location.toString()).startsWith(ProviderEndpoints.CONSENT_PAGE);
    return location.toString().substring(ProviderEndpoints.CONSENT_PAGE.length());
  }

  /** The person allows; the query of the redirect back to the client. */
  Map<String, String> allow(User person, String requestId) {
    Map<?, ?> allowed = post("/v1/oidc/requests/" + requestId + "/allow", person.token(), Map.of())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return OidcFlowIT.query((String) allowed.get("redirect_to"));
  }

  /** A form POST to a protocol endpoint with the client's authentication and optional extra headers. */
  WebTestClient.ResponseSpec send(
      String path, Client c, MultiValueMap<String, String> form, Map<String, String> headers) {
    MultiValueMap<String, String> body = new org.springframework.util.LinkedMultiValueMap<>(form);
    WebTestClient.RequestBodySpec r =
        http.post().uri(path).contentType(MediaType.APPLICATION_FORM_URLENCODED);
    if (c.secret() != null) {
      r.header(
          HttpHeaders.AUTHORIZATION,
          "Basic "
              + Base64.getEncoder()
                  .encodeToString(
                      (c.clientId() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8)));
    } else if (!body.containsKey("client_id")) {
      body.add("client_id", c.clientId());
    }
    headers.forEach(r::header);
    return r.body(BodyInserters.fromFormData(body)).exchange();
  }

  MultiValueMap<String, String> codeForm(String code, CodeVerifier verifier) {
    return OidcFlowIT.form(
        "grant_type",
        "authorization_code",
        "code",
        code,
        "redirect_uri",
        CALLBACK,
        "code_verifier",
        verifier.getValue());
  }

  /** A DPoP proof of {@code key} for a request, optionally with the access token's hash ({@code ath}). */
  static String proof(
      JWK key, JWSAlgorithm alg, String method, URI uri, @Nullable String accessToken) {
    try {
      DefaultDPoPProofFactory f = new DefaultDPoPProofFactory(key, alg);
      SignedJWT jwt = accessToken == null
          ? f.createDPoPJWT(method, uri)
          : f.createDPoPJWT(method, uri, new DPoPAccessToken(accessToken));
      return jwt.serialize();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static String thumbprint(JWK key) {
    try {
      return key.computeThumbprint().toString();
    } catch (com.nimbusds.jose.JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, Object> json(WebTestClient.ResponseSpec ok) {
    @SuppressWarnings("unchecked")
    Map<String, Object> body =
        ok.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    return body;
  }

  static void refused(WebTestClient.ResponseSpec r, String error) {
    r.expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo(error);
  }
}

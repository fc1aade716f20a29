package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Pushed authorization requests (RFC 9126): the push authenticates the client and checks the request as the
 * authorization endpoint does; the request_uri is used once, by its own client, within 60 seconds; an application
 * may be required to push.
 */
@DisplayName("OpenID Provider: pushed authorization requests")
class OidcParIT extends OidcRelyingParty {
  @Autowired
  Driver driver;

  static MultiValueMap<String, String> form(Map<String, String> params) {
    MultiValueMap<String, String> m = new LinkedMultiValueMap<>();
    params.forEach(m::add);
    return m;
  }

  WebTestClient.ResponseSpec push(Client c, Map<String, String> params) {
    return send(ProviderEndpoints.PAR, c, form(params), Map.of());
  }

  String requestUri(Client c, Map<String, String> params) {
    Map<?, ?> pushed = push(c, params)
        .expectStatus()
        .isCreated()
        .expectHeader()
        .valueEquals("Cache-Control", "no-store")
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(pushed.get("expires_in")).isEqualTo(60);
    String uri = (String) pushed.get("request_uri");
    assertThat(uri).startsWith("urn:ietf:params:oauth:request_uri:");
    return uri;
  }

  WebTestClient.ResponseSpec use(Client c, String requestUri, Map<String, String> other) {
    Map<String, String> p = new HashMap<>(other);
    p.put("client_id", c.clientId());
    p.put("request_uri", requestUri);
    return authorize(p);
  }

  static void badRequestHere(WebTestClient.ResponseSpec r) {
    r.expectStatus().isBadRequest().expectHeader().doesNotExist("Location");
  }

  @Test
  @DisplayName(
      "a pushed request is used by its request_uri (other parameters ignored), once, and its code works")
  void pushUseOnce() {
    Client c = client(true, Map.of());
    CodeVerifier v = new CodeVerifier();
    Map<String, String> params = ask(c, v);
    String uri = requestUri(c, params);
    String id = uri.substring(uri.lastIndexOf(':') + 1);
    User person = newUser("par-use");
    // the consent page does not know a pushed request before its use at the authorization endpoint
    get("/v1/oidc/requests/" + PushedRequests.PREFIX + id, person.token())
        .expectStatus()
        .isNotFound();
    String requestId = consentRequest(Map.of(
        "client_id",
        c.clientId(),
        "request_uri",
        uri,
        "redirect_uri",
        "https://evil.example/cb",
        "state",
        "not-the-pushed-one",
        "scope",
        "openid email"));
    Map<String, String> back = allow(person, requestId);
    assertThat(back).containsEntry("state", params.get("state")).containsKey("code");
    Map<String, Object> tokens =
        json(send(ProviderEndpoints.TOKEN, c, codeForm(back.get("code"), v), Map.of()));
    assertThat(tokens).containsKeys("access_token", "id_token").containsEntry("scope", "openid");
    badRequestHere(use(c, uri, Map.of()));
  }

  @Test
  @DisplayName(
      "a public client pushes with its client_id alone; another client cannot use its request_uri")
  void otherClient() {
    Client owner = client(false, Map.of());
    Client other = client(true, Map.of());
    String uri = requestUri(owner, ask(owner, new CodeVerifier()));
    badRequestHere(use(other, uri, Map.of()));
    badRequestHere(authorize(Map.of("request_uri", uri)));
    consentRequest(Map.of("client_id", owner.clientId(), "request_uri", uri));
    badRequestHere(use(owner, "urn:ietf:params:oauth:request_uri:never-pushed", Map.of()));
    badRequestHere(use(owner, "https://rp.example/request.jwt", Map.of()));
  }

  @Test
  @DisplayName("an expired request_uri is refused")
  void expired() {
    Client c = client(true, Map.of());
    String uri = requestUri(c, ask(c, new CodeVerifier()));
    try (var session = driver.session()) {
      session
          .run(
              "MATCH (r:OidcRequest {request_id: $id}) SET r.expires_at = datetime() - duration('PT1S')",
              Map.of("id", PushedRequests.PREFIX + uri.substring(uri.lastIndexOf(':') + 1)))
          .consume();
    }
    badRequestHere(use(c, uri, Map.of()));
  }

  @Test
  @DisplayName(
      "the push authenticates the client as the token endpoint does and checks the request as the"
          + " authorization endpoint does, answering in JSON")
  void pushRefusals() {
    Client c = client(true, Map.of());
    CodeVerifier v = new CodeVerifier();
    push(new Client(c.aId(), c.clientId(), "wrong"), ask(c, v))
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_client");
    Map<String, Map<String, String>> cases = Map.of(
        "invalid_request", Map.of("redirect_uri", "https://evil.example/cb"),
        "unsupported_response_type", Map.of("response_type", "token"),
        "invalid_scope", Map.of("scope", "profile"));
    cases.forEach((error, change) -> {
      Map<String, String> p = new HashMap<>(ask(c, v));
      p.putAll(change);
      refused(push(c, p), error);
    });
    Map<String, String> noPkce = new HashMap<>(ask(c, v));
    noPkce.remove("code_challenge");
    refused(push(c, noPkce), "invalid_request");
    Map<String, String> nested = new HashMap<>(ask(c, v));
    nested.put("request_uri", "urn:ietf:params:oauth:request_uri:x");
    refused(push(c, nested), "invalid_request");
    Client other = client(true, Map.of());
    refused(push(c, ask(other, v)), "invalid_request");
  }

  @Test
  @DisplayName(
      "require_par: stored and shown on the application; its unpushed requests are refused at the"
          + " redirect URI, its pushed ones served; an update that leaves it out keeps it")
  void requirePar() {
    Client c = client(true, Map.of("require_par", true));
    Map<?, ?> app = get("/v1/aa/applications/" + c.aId(), adminToken())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(app.get("require_par")).isEqualTo(true);
    assertThat(app.get("require_dpop")).isEqualTo(false);
    CodeVerifier v = new CodeVerifier();
    Map<String, String> params = ask(c, v);
    URI location = authorize(params)
        .expectStatus()
        .isFound()
        .returnResult(Void.class)
        .getResponseHeaders()
        .getLocation();
    assertThat(location.toString()).startsWith(CALLBACK);
    assertThat(OidcFlowIT.query(location.toString()))
        .containsEntry("error", "invalid_request")
        .containsEntry("state", params.get("state"));
    consentRequest(Map.of("client_id", c.clientId(), "request_uri", requestUri(c, params)));

    put(
            "/v1/aa/applications/" + c.aId(),
            adminToken(),
            Map.of("name", "Relying Shop", "callback_uri", List.of(CALLBACK)))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.require_par")
        .isEqualTo(true);
    put(
            "/v1/aa/applications/" + c.aId(),
            adminToken(),
            Map.of("name", "Relying Shop", "callback_uri", List.of(CALLBACK), "require_par", false))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.require_par")
        .isEqualTo(false);
    consentRequest(ask(c, v));
  }

  @Test
  @DisplayName(
      "discovery advertises the PAR endpoint, that pushing is not required, and the DPoP algorithms")
  void advertised() {
    Map<?, ?> d = discovery();
    assertThat((String) d.get("pushed_authorization_request_endpoint"))
        .endsWith(ProviderEndpoints.PAR);
    assertThat(d.get("require_pushed_authorization_requests")).isEqualTo(false);
    assertThat(((List<?>) d.get("dpop_signing_alg_values_supported"))
            .stream().map(String::valueOf).toList())
        .contains("ES256", "RS256");
  }

  /** A request pushed with {@code proof} as its DPoP header, allowed by a new person: the code. */
  String pushedWithProof(Client c, Map<String, String> params, String proof) {
    Map<?, ?> pushed = send(ProviderEndpoints.PAR, c, form(params), Map.of("DPoP", proof))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return allow(
            newUser("par-dpop"),
            consentRequest(Map.of(
                "client_id", c.clientId(), "request_uri", (String) pushed.get("request_uri"))))
        .get("code");
  }

  @Test
  @DisplayName(
      "a DPoP proof at the PAR endpoint binds the code to its key as dpop_jkt does (RFC 9449 §10.1): a"
          + " token request with another key is refused, with it the tokens are bound; another dpop_jkt, a bad proof"
          + " are refused")
  void dpopProofAtPar() throws Exception {
    Client c = client(true, Map.of());
    ECKey key = OidcDpopIT.ecKey();
    URI par = endpoint("pushed_authorization_request_endpoint");
    URI tokenUri = endpoint("token_endpoint");
    CodeVerifier v = new CodeVerifier();
    String code = pushedWithProof(c, ask(c, v), proof(key, JWSAlgorithm.ES256, "POST", par, null));
    refused(
        send(
            ProviderEndpoints.TOKEN,
            c,
            codeForm(code, v),
            Map.of("DPoP", proof(OidcDpopIT.ecKey(), JWSAlgorithm.ES256, "POST", tokenUri, null))),
        "invalid_dpop_proof");
    CodeVerifier w = new CodeVerifier();
    String bound = pushedWithProof(c, ask(c, w), proof(key, JWSAlgorithm.ES256, "POST", par, null));
    Map<String, Object> tokens = json(send(
        ProviderEndpoints.TOKEN,
        c,
        codeForm(bound, w),
        Map.of("DPoP", proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null))));
    assertThat(tokens).containsEntry("token_type", "DPoP");
    assertThat(SignedJWT.parse((String) tokens.get("access_token"))
            .getJWTClaimsSet()
            .getJSONObjectClaim("cnf"))
        .containsEntry("jkt", thumbprint(key));

    Map<String, String> other = new HashMap<>(ask(c, new CodeVerifier()));
    other.put("dpop_jkt", thumbprint(OidcDpopIT.ecKey()));
    refused(
        send(
            ProviderEndpoints.PAR,
            c,
            form(other),
            Map.of("DPoP", proof(key, JWSAlgorithm.ES256, "POST", par, null))),
        "invalid_request");
    refused(
        send(
            ProviderEndpoints.PAR,
            c,
            form(ask(c, new CodeVerifier())),
            Map.of("DPoP", proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null))),
        "invalid_dpop_proof");
  }
}

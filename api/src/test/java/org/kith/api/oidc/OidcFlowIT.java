package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The OpenID Connect code flow end to end, the relying party's side written with the Nimbus SDK's PKCE and ID token
 * validator: Allow, Deny, code reuse, refresh rotation and reuse, withdrawal, and the requests that must be refused
 * (case names follow the OpenID Foundation's Basic OP conformance tests where one applies).
 */
@DisplayName("OpenID Provider: the code flow")
class OidcFlowIT extends KithIT {
  static final String CALLBACK = "https://rp.example/callback";

  record Client(String aId, String clientId, String secret) {}

  record Started(String requestId, CodeVerifier verifier, String state, String nonce) {}

  Client client() {
    Map<?, ?> app = post("/v1/aa/applications", adminToken(), Map.of("name", "Relying Bank", "callback_uri",
        List.of(CALLBACK, "http://127.0.0.1/native"), "generate_secret", true)).expectStatus().isCreated()
        .expectBody(Map.class).returnResult().getResponseBody();
    return new Client((String) app.get("a_id"), (String) app.get("key"), (String) app.get("secret"));
  }

  WebTestClient.ResponseSpec authorize(Map<String, String> params) {
    return http.get().uri(u -> {
      u.path(ProviderEndpoints.AUTHORIZE);
      params.forEach((k, v) -> u.queryParam(k, "{" + k + "}"));
      return u.build(params);
    }).exchange();
  }

  Map<String, String> ask(Client c, CodeVerifier verifier, String scope) {
    return new java.util.HashMap<>(Map.of("response_type", "code", "client_id", c.clientId(), "redirect_uri",
        CALLBACK, "scope", scope, "state", "st-" + System.nanoTime(), "nonce", "n-" + System.nanoTime(),
        "code_challenge", CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
        "code_challenge_method", "S256"));
  }

  Started start(Client c, String scope) {
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> params = ask(c, verifier, scope);
    URI location = authorize(params).expectStatus().isFound().returnResult(Void.class).getResponseHeaders()
        .getLocation();
    assertThat(location.toString()).startsWith(ProviderEndpoints.CONSENT_PAGE);
    return new Started(location.toString().substring(ProviderEndpoints.CONSENT_PAGE.length()), verifier,
        params.get("state"), params.get("nonce"));
  }

  static Map<String, String> query(String uri) {
    return UriComponentsBuilder.fromUriString(uri).build().getQueryParams().toSingleValueMap().entrySet().stream()
        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
            e -> java.net.URLDecoder.decode(e.getValue(), StandardCharsets.UTF_8)));
  }

  WebTestClient.ResponseSpec token(Client c, MultiValueMap<String, String> form) {
    String basic = Base64.getEncoder().encodeToString((c.clientId() + ":" + c.secret())
        .getBytes(StandardCharsets.UTF_8));
    return http.post().uri(ProviderEndpoints.TOKEN).header(HttpHeaders.AUTHORIZATION, "Basic " + basic)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form)).exchange();
  }

  static MultiValueMap<String, String> form(String... pairs) {
    MultiValueMap<String, String> m = new LinkedMultiValueMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.add(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> exchange(Client c, String code, CodeVerifier verifier) {
    return token(c, form("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK,
        "code_verifier", verifier.getValue())).expectStatus().isOk().expectHeader().valueEquals("Cache-Control",
        "no-store").expectBody(Map.class).returnResult().getResponseBody();
  }

  WebTestClient.ResponseSpec userinfo(String accessToken) {
    return http.get().uri(ProviderEndpoints.USERINFO).header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
        .exchange();
  }

  @Test
  @DisplayName("OP-Response-code, OP-IDToken-Signature, OP-UserInfo-Header: Allow shares the chosen object, the code"
      + " becomes a valid ID token with the nonce, and userinfo answers from the consent instance")
  void allowExchangeUserinfo() throws Exception {
    Client c = client();
    User person = newUser("oidc-allow");
    String nId = person(person, "Aroha");
    Started s = start(c, "openid profile email");
    Map<?, ?> pending = get("/v1/oidc/requests/" + s.requestId(), person.token()).expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    assertThat(((Map<?, ?>) pending.get("application")).get("name")).isEqualTo("Relying Bank");
    assertThat(((List<?>) pending.get("candidates")).stream().map(o -> String.valueOf(((Map<?, ?>) o).get("n_id")))
        .toList()).containsExactly(nId);
    assertThat(pending.get("login_required")).isEqualTo(false);
    get("/v1/oidc/requests/" + s.requestId(), newUser("oidc-other").token()).expectStatus().isOk();
    Map<?, ?> allowed = post("/v1/oidc/requests/" + s.requestId() + "/allow", person.token(),
        Map.of("profile_objects", List.of(nId))).expectStatus().isOk().expectBody(Map.class).returnResult()
        .getResponseBody();
    Map<String, String> back = query((String) allowed.get("redirect_to"));
    assertThat((String) allowed.get("redirect_to")).startsWith(CALLBACK + "?");
    assertThat(back).containsEntry("state", s.state()).containsKey("code").containsKey("iss");
    get("/v1/oidc/requests/" + s.requestId(), person.token()).expectStatus().isNotFound();

    Map<String, Object> tokens = exchange(c, back.get("code"), s.verifier());
    assertThat(tokens).containsKeys("access_token", "id_token", "refresh_token").containsEntry("token_type", "Bearer");
    Map<?, ?> jwks = http.get().uri("/.well-known/jwks.json").exchange().expectBody(Map.class).returnResult()
        .getResponseBody();
    Map<?, ?> discovery = http.get().uri("/.well-known/openid-configuration").exchange().expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    IDTokenValidator validator = new IDTokenValidator(new Issuer((String) discovery.get("issuer")),
        new ClientID(c.clientId()), JWSAlgorithm.ES256, JWKSet.parse(new com.fasterxml.jackson.databind.ObjectMapper()
        .writeValueAsString(jwks)));
    IDTokenClaimsSet id = validator.validate(SignedJWT.parse((String) tokens.get("id_token")), new Nonce(s.nonce()));
    assertThat(id.getSubject().getValue()).isNotEqualTo(person.uId());
    assertThat(id.getAMR()).extracting(Object::toString).containsExactly("pwd");
    assertThat(id.getAuthenticationTime()).isNotNull();

    @SuppressWarnings("unchecked")
    Map<String, Object> claims = userinfo((String) tokens.get("access_token")).expectStatus().isOk()
        .expectBody(Map.class).returnResult().getResponseBody();
    assertThat(claims).containsEntry("sub", id.getSubject().getValue()).containsEntry("given_name", "Aroha")
        .containsEntry("family_name", "Tester").containsEntry("birthdate", "1990-01-02");
    // Kith's own API does not take a relying party's token, and userinfo does not take Kith's
    get("/v1/auth/me", (String) tokens.get("access_token")).expectStatus().isUnauthorized();
    userinfo(person.token()).expectStatus().isUnauthorized().expectHeader()
        .value("WWW-Authenticate", h -> assertThat(h).contains("invalid_token"));
  }

  @Test
  @DisplayName("OP-OAuth-2nd: a reused code is refused and what it issued is revoked")
  void codeReuse() {
    Client c = client();
    User person = newUser("oidc-reuse");
    Started s = start(c, "openid");
    String code = query((String) post("/v1/oidc/requests/" + s.requestId() + "/allow", person.token(), Map.of())
        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("redirect_to")).get("code");
    Map<String, Object> first = exchange(c, code, s.verifier());
    userinfo((String) first.get("access_token")).expectStatus().isOk();
    token(c, form("grant_type", "authorization_code", "code", code, "redirect_uri", CALLBACK, "code_verifier",
        s.verifier().getValue())).expectStatus().isBadRequest().expectBody().jsonPath("$.error")
        .isEqualTo("invalid_grant");
    userinfo((String) first.get("access_token")).expectStatus().isUnauthorized();
    token(c, form("grant_type", "refresh_token", "refresh_token", (String) first.get("refresh_token")))
        .expectStatus().isBadRequest();
  }

  @Test
  @DisplayName("refresh tokens rotate; a spent one revokes the grant; withdrawing the consent ends every token")
  void refreshAndWithdraw() {
    Client c = client();
    User person = newUser("oidc-refresh");
    Started s = start(c, "openid profile");
    String nId = person(person, "Wiremu");
    Map<?, ?> allowed = post("/v1/oidc/requests/" + s.requestId() + "/allow", person.token(),
        Map.of("profile_objects", List.of(nId))).expectBody(Map.class).returnResult().getResponseBody();
    Map<String, Object> first = exchange(c, query((String) allowed.get("redirect_to")).get("code"), s.verifier());
    Map<?, ?> second = token(c, form("grant_type", "refresh_token", "refresh_token",
        (String) first.get("refresh_token"))).expectStatus().isOk().expectBody(Map.class).returnResult()
        .getResponseBody();
    assertThat(second.get("refresh_token")).isNotEqualTo(first.get("refresh_token"));
    userinfo((String) second.get("access_token")).expectStatus().isOk().expectBody().jsonPath("$.given_name")
        .isEqualTo("Wiremu");
    token(c, form("grant_type", "refresh_token", "refresh_token", (String) first.get("refresh_token")))
        .expectStatus().isBadRequest().expectBody().jsonPath("$.error").isEqualTo("invalid_grant");
    userinfo((String) second.get("access_token")).expectStatus().isUnauthorized();

    Started again = start(c, "openid profile");
    Map<?, ?> allowedAgain = post("/v1/oidc/requests/" + again.requestId() + "/allow", person.token(),
        Map.of("profile_objects", List.of(nId))).expectBody(Map.class).returnResult().getResponseBody();
    Map<String, Object> live = exchange(c, query((String) allowedAgain.get("redirect_to")).get("code"),
        again.verifier());
    userinfo((String) live.get("access_token")).expectStatus().isOk();
    List<?> shares = get("/v1/aa/instances", person.token()).expectBody(List.class).returnResult().getResponseBody();
    String newest = (String) ((Map<?, ?>) shares.get(0)).get("i_id");
    delete("/v1/aa/instances/" + newest, person.token()).expectStatus().is2xxSuccessful();
    userinfo((String) live.get("access_token")).expectStatus().isUnauthorized();
    token(c, form("grant_type", "refresh_token", "refresh_token", (String) live.get("refresh_token")))
        .expectStatus().isBadRequest();
  }

  @Test
  @DisplayName("Deny sends access_denied with the state and no code, and shares nothing")
  void deny() {
    Client c = client();
    User person = newUser("oidc-deny");
    Started s = start(c, "openid");
    Map<?, ?> denied = post("/v1/oidc/requests/" + s.requestId() + "/deny", person.token(), Map.of())
        .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
    Map<String, String> back = query((String) denied.get("redirect_to"));
    assertThat(back).containsEntry("error", "access_denied").containsEntry("state", s.state()).doesNotContainKey("code");
    List<?> shared = get("/v1/aa/instances", person.token()).expectBody(List.class).returnResult().getResponseBody();
    assertThat(shared).isEmpty();
  }

  @Test
  @DisplayName("refusals: unknown client and unregistered redirect URIs are never redirected to; no PKCE, plain PKCE,"
      + " implicit and hybrid, prompt=none come back as errors at the registered redirect URI")
  void refusals() {
    Client c = client();
    CodeVerifier v = new CodeVerifier();
    Map<String, String> good = ask(c, v, "openid");
    Map<String, String> unknown = new java.util.HashMap<>(good);
    unknown.put("client_id", "aa_nobody");
    authorize(unknown).expectStatus().isBadRequest().expectHeader().doesNotExist("Location");
    for (String bad : List.of("https://rp.example/callback/", "https://evil.example/callback",
        "https://rp.example/callback?x=1", "http://127.0.0.1/other")) {
      Map<String, String> p = new java.util.HashMap<>(good);
      p.put("redirect_uri", bad);
      authorize(p).expectStatus().isBadRequest().expectHeader().doesNotExist("Location");
    }
    Map<String, String> loopback = new java.util.HashMap<>(good);
    loopback.put("redirect_uri", "http://127.0.0.1:53124/native");
    authorize(loopback).expectStatus().isFound();
    Map<String, Map<String, String>> cases = Map.of(
        "invalid_request", Map.of("code_challenge", ""),
        "unsupported_response_type", Map.of("response_type", "id_token token"),
        "login_required", Map.of("prompt", "none"),
        "invalid_scope", Map.of("scope", "profile"));
    cases.forEach((error, change) -> {
      Map<String, String> p = new java.util.HashMap<>(good);
      change.forEach((k, value) -> {
        if (value.isEmpty()) {
          p.remove(k);
        } else {
          p.put(k, value);
        }
      });
      URI location = authorize(p).expectStatus().isFound().returnResult(Void.class).getResponseHeaders()
          .getLocation();
      assertThat(location.toString()).startsWith(CALLBACK);
      assertThat(query(location.toString())).containsEntry("error", error).containsEntry("state", good.get("state"));
    });
    Map<String, String> plain = new java.util.HashMap<>(good);
    plain.put("code_challenge_method", "plain");
    plain.put("code_challenge", v.getValue());
    assertThat(query(authorize(plain).expectStatus().isFound().returnResult(Void.class).getResponseHeaders()
        .getLocation().toString())).containsEntry("error", "invalid_request");
    token(new Client(c.aId(), c.clientId(), "wrong"), form("grant_type", "authorization_code", "code", "x",
        "redirect_uri", CALLBACK, "code_verifier", v.getValue())).expectStatus().isUnauthorized().expectBody()
        .jsonPath("$.error").isEqualTo("invalid_client");
    token(c, form("grant_type", "authorization_code", "code", "never-issued", "redirect_uri", CALLBACK,
        "code_verifier", v.getValue())).expectStatus().isBadRequest().expectBody().jsonPath("$.error")
        .isEqualTo("invalid_grant");
    token(c, form("grant_type", "password", "username", "x", "password", "y")).expectStatus().isBadRequest()
        .expectBody().jsonPath("$.error").isEqualTo("unsupported_grant_type");
  }

  @Test
  @DisplayName("OP-Discovery-Config: discovery advertises exactly the code flow with PKCE S256 and pairwise subjects")
  void discovery() {
    http.get().uri("/.well-known/openid-configuration").exchange().expectStatus().isOk().expectBody()
        .jsonPath("$.response_types_supported").isEqualTo(List.of("code"))
        .jsonPath("$.code_challenge_methods_supported").isEqualTo(List.of("S256"))
        .jsonPath("$.subject_types_supported").isEqualTo(List.of("pairwise"))
        .jsonPath("$.grant_types_supported").isEqualTo(List.of("authorization_code", "refresh_token"))
        .jsonPath("$.authorization_response_iss_parameter_supported").isEqualTo(true)
        .jsonPath("$.authorization_endpoint").value(e -> assertThat((String) e).endsWith(ProviderEndpoints.AUTHORIZE));
  }
}

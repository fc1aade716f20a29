package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.kith.api.KithIT;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.util.UriComponentsBuilder;

/** A relying party's side of the code flow with Spring's test client, for the ITs of the flow and its refusals. */
abstract class CodeFlowTestBase extends KithIT {
  static final String CALLBACK = "https://rp.example/callback";

  record Client(String aId, String clientId, String secret) {}

  record Started(String requestId, CodeVerifier verifier, String state, String nonce) {}

  Client client() {
    Map<?, ?> app = post(
            "/v1/aa/applications",
            adminToken(),
            Map.of(
                "name",
                "Relying Bank",
                "callback_uri",
                List.of(CALLBACK, "http://127.0.0.1/native"),
                "generate_secret",
                true))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return new Client(
        (String) app.get("a_id"), (String) app.get("key"), (String) app.get("secret"));
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

  Map<String, String> ask(Client c, CodeVerifier verifier, String scope) {
    return new java.util.HashMap<>(Map.of(
        "response_type",
        "code",
        "client_id",
        c.clientId(),
        "redirect_uri",
        CALLBACK,
        "scope",
        scope,
        "state",
        "st-" + System.nanoTime(),
        "nonce",
        "n-" + System.nanoTime(),
        "code_challenge",
        CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
        "code_challenge_method",
        "S256"));
  }

  Started start(Client c, String scope) {
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> params = ask(c, verifier, scope);
    URI location = authorize(params)
        .expectStatus()
        .isFound()
        .returnResult(Void.class)
        .getResponseHeaders()
        .getLocation();
    assertThat(location.toString()).startsWith(ProviderEndpoints.CONSENT_PAGE);
    return new Started(
        location.toString().substring(ProviderEndpoints.CONSENT_PAGE.length()),
        verifier,
        params.get("state"),
        params.get("nonce"));
  }

  static Map<String, String> query(String uri) {
    return UriComponentsBuilder.fromUriString(uri)
        .build()
        .getQueryParams()
        .toSingleValueMap()
        .entrySet()
        .stream()
        .collect(java.util.stream.Collectors.toMap(
            Map.Entry::getKey,
            e -> java.net.URLDecoder.decode(e.getValue(), StandardCharsets.UTF_8)));
  }

  WebTestClient.ResponseSpec token(Client c, MultiValueMap<String, String> form) {
    String basic = Base64.getEncoder()
        .encodeToString((c.clientId() + ":" + c.secret()).getBytes(StandardCharsets.UTF_8));
    return http.post()
        .uri(ProviderEndpoints.TOKEN)
        .header(HttpHeaders.AUTHORIZATION, "Basic " + basic)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData(form))
        .exchange();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> exchange(Client c, String code, CodeVerifier verifier) {
    return token(
            c,
            form(
                "grant_type",
                "authorization_code",
                "code",
                code,
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                verifier.getValue()))
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Cache-Control", "no-store")
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  WebTestClient.ResponseSpec userinfo(String accessToken) {
    return http.get()
        .uri(ProviderEndpoints.USERINFO)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
        .exchange();
  }
}

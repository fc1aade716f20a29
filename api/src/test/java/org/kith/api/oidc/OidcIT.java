package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kith.api.KithIT;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/** A relying party's side of the code flow, shared by the OpenID Provider's ITs (see {@link OidcFlowIT}). */
abstract class OidcIT extends KithIT {
  static final String CALLBACK = "https://rp.example/callback";

  record Client(String aId, String clientId, String secret, String logoutUri) {}

  /** A confidential client; {@code logoutUri} may be null. */
  Client client(String logoutUri) {
    Map<String, Object> body = new HashMap<>(
        Map.of("name", "Relying Bank", "callback_uri", List.of(CALLBACK), "generate_secret", true));
    if (logoutUri != null) {
      body.put("logout_uri", logoutUri);
    }
    Map<?, ?> app = post("/v1/aa/applications", adminToken(), body)
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return new Client(
        (String) app.get("a_id"), (String) app.get("key"), (String) app.get("secret"), logoutUri);
  }

  /** Authorization request, Allow with {@code token}'s session sharing {@code nIds}, code exchange: the tokens. */
  @SuppressWarnings("unchecked")
  Map<String, Object> signIn(Client c, String token, String scope, List<String> nIds) {
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> params = Map.of(
        "response_type",
        "code",
        "client_id",
        c.clientId(),
        "redirect_uri",
        CALLBACK,
        "scope",
        scope,
        "state",
        "st",
        "nonce",
        "n",
        "code_challenge",
        CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue(),
        "code_challenge_method",
        "S256");
    URI location = http.get()
        .uri(u -> {
          u.path(ProviderEndpoints.AUTHORIZE);
          params.forEach((k, v) -> u.queryParam(k, "{" + k + "}"));
          return u.build(params);
        })
        .exchange()
        .expectStatus()
        .isFound()
        .returnResult(Void.class)
        .getResponseHeaders()
        .getLocation();
    String requestId = location.toString().substring(ProviderEndpoints.CONSENT_PAGE.length());
    Map<?, ?> allowed = post(
            "/v1/oidc/requests/" + requestId + "/allow", token, Map.of("profile_objects", nIds))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String code = OidcFlowIT.query((String) allowed.get("redirect_to")).get("code");
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
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
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

  WebTestClient.ResponseSpec userinfo(String accessToken) {
    return http.get()
        .uri(ProviderEndpoints.USERINFO)
        .header(HttpHeaders.AUTHORIZATION, "Bearer " + accessToken)
        .exchange();
  }

  JWKSet jwks() throws java.text.ParseException {
    return JWKSet.parse(http.get()
        .uri(ProviderEndpoints.JWKS)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody());
  }

  String issuer() {
    Map<?, ?> discovery = http.get()
        .uri("/.well-known/openid-configuration")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(discovery).isNotNull();
    return (String) discovery.get("issuer");
  }
}

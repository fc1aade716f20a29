package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.kith.api.KithIT;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

/**
 * What the client-authentication and introspection ITs share: registering applications, running the code flow to
 * tokens as {@link OidcFlowIT} does, and client assertions ({@code private_key_jwt}) with every claim chosen.
 */
abstract class OidcTestSupport extends KithIT {
  static final String CALLBACK = "https://rp.example/callback";
  static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

  /** A registered application: its a_id, client_id and secret (null without one). */
  record App(String aId, String clientId, String secret) {}

  App register(String token, Map<String, Object> extra) {
    Map<String, Object> body = new HashMap<>(
        Map.of("name", "App " + System.nanoTime(), "callback_uri", List.of(CALLBACK)));
    body.putAll(extra);
    Map<?, ?> app = post("/v1/aa/applications", token, body)
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return new App((String) app.get("a_id"), (String) app.get("key"), (String) app.get("secret"));
  }

  static ECKey ecKey(String kid) {
    try {
      return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  String issuer() {
    return (String) http.get()
        .uri("/.well-known/openid-configuration")
        .exchange()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("issuer");
  }

  /** A client assertion signed with {@code key} and ES256. */
  static String assertion(ECKey key, String clientId, String audience, Instant exp, String jti) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(clientId)
        .subject(clientId)
        .audience(audience)
        .expirationTime(Date.from(exp))
        .issueTime(new Date())
        .jwtID(jti)
        .build();
    SignedJWT jwt = new SignedJWT(
        new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).build(), claims);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  String assertion(ECKey key, String clientId) {
    return assertion(
        key,
        clientId,
        issuer() + ProviderEndpoints.TOKEN,
        Instant.now().plusSeconds(60),
        UUID.randomUUID().toString());
  }

  /** The form with a client assertion added. */
  static MultiValueMap<String, String> withAssertion(String assertion, String... pairs) {
    MultiValueMap<String, String> m = form(pairs);
    m.add("client_assertion_type", JWT_BEARER);
    m.add("client_assertion", assertion);
    return m;
  }

  WebTestClient.ResponseSpec postForm(String path, MultiValueMap<String, String> form) {
    return http.post()
        .uri(path)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData(form))
        .exchange();
  }

  WebTestClient.ResponseSpec postForm(String path, App basic, MultiValueMap<String, String> form) {
    String credentials = Base64.getEncoder()
        .encodeToString((basic.clientId() + ":" + basic.secret()).getBytes(StandardCharsets.UTF_8));
    return http.post()
        .uri(path)
        .header(HttpHeaders.AUTHORIZATION, "Basic " + credentials)
        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
        .body(BodyInserters.fromFormData(form))
        .exchange();
  }

  /** A code flow up to the code: the person allows (sharing one object); the code and the PKCE verifier. */
  record Code(String code, CodeVerifier verifier) {}

  Code allow(App app, User person) {
    CodeVerifier verifier = new CodeVerifier();
    Map<String, String> params = Map.of(
        "response_type",
        "code",
        "client_id",
        app.clientId(),
        "redirect_uri",
        CALLBACK,
        "scope",
        "openid profile",
        "state",
        "s",
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
    String nId = person(person, "Hemi");
    Map<?, ?> allowed = post(
            "/v1/oidc/requests/" + requestId + "/allow",
            person.token(),
            Map.of("profile_objects", List.of(nId)))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String code = OidcFlowIT.query((String) allowed.get("redirect_to")).get("code");
    assertThat(code).isNotBlank();
    return new Code(code, verifier);
  }

  static String[] exchangeForm(Code c) {
    return new String[] {
      "grant_type",
      "authorization_code",
      "code",
      c.code(),
      "redirect_uri",
      CALLBACK,
      "code_verifier",
      c.verifier().getValue()
    };
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> ok(WebTestClient.ResponseSpec response) {
    return response.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
  }

  static void invalidClient(WebTestClient.ResponseSpec response) {
    response
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_client");
  }
}

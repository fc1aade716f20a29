package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * private_key_jwt (RFC 7523, OpenID Connect Core §9) at the token and revocation endpoints, with the client's keys
 * inline ({@code jwks}) or served by a loopback server ({@code jwks_uri}): success, and every assertion that must
 * be refused with {@code invalid_client}.
 */
@DisplayName("OpenID Provider: private_key_jwt client authentication")
class OidcPrivateKeyJwtIT extends OidcTestSupport {

  static Map<String, Object> publicSet(ECKey... keys) {
    return new JWKSet(List.of(keys)).toPublicJWKSet().toJSONObject();
  }

  @Test
  @DisplayName(
      "inline jwks: the code and refresh grants and revocation with an assertion; wrong key, alg none,"
          + " HS256, wrong aud, expired, too long-lived, replayed and missing assertions are invalid_client")
  void inlineKeys() throws Exception {
    ECKey key = ecKey("k1");
    App app = register(adminToken(), Map.of("jwks", publicSet(key)));
    Map<String, Object> tokens = ok(postForm(
        ProviderEndpoints.TOKEN,
        withAssertion(
            assertion(key, app.clientId()), exchangeForm(allow(app, newUser("pkjwt-inline"))))));
    assertThat(tokens).containsKeys("access_token", "id_token", "refresh_token");
    String refresh = (String) tokens.get("refresh_token");
    String tokenUrl = issuer() + ProviderEndpoints.TOKEN;
    String[] grant = {"grant_type", "refresh_token", "refresh_token", refresh};

    ECKey impostor = ecKey("k1");
    invalidClient(postForm(
        ProviderEndpoints.TOKEN, withAssertion(assertion(impostor, app.clientId()), grant)));
    String none =
        new PlainJWT(claims(app.clientId(), tokenUrl, Instant.now().plusSeconds(60))).serialize();
    invalidClient(postForm(ProviderEndpoints.TOKEN, withAssertion(none, grant)));
    SignedJWT hmac = new SignedJWT(
        new JWSHeader(JWSAlgorithm.HS256),
        claims(app.clientId(), tokenUrl, Instant.now().plusSeconds(60)));
    hmac.sign(new MACSigner(new byte[32]));
    invalidClient(postForm(ProviderEndpoints.TOKEN, withAssertion(hmac.serialize(), grant)));
    invalidClient(postForm(
        ProviderEndpoints.TOKEN,
        withAssertion(
            assertion(
                key,
                app.clientId(),
                "https://other.example",
                Instant.now().plusSeconds(60),
                UUID.randomUUID().toString()),
            grant)));
    invalidClient(postForm(
        ProviderEndpoints.TOKEN,
        withAssertion(
            assertion(
                key,
                app.clientId(),
                tokenUrl,
                Instant.now().minusSeconds(300),
                UUID.randomUUID().toString()),
            grant)));
    invalidClient(postForm(
        ProviderEndpoints.TOKEN,
        withAssertion(
            assertion(
                key,
                app.clientId(),
                tokenUrl,
                Instant.now().plusSeconds(3600),
                UUID.randomUUID().toString()),
            grant)));
    invalidClient(postForm(
        ProviderEndpoints.TOKEN, withAssertion(assertion(key, "kith_app_someoneelse"), grant)));
    // a client with keys is not a public client: its client_id alone does not authenticate it
    invalidClient(postForm(
        ProviderEndpoints.TOKEN,
        form(
            "grant_type", "refresh_token", "refresh_token", refresh, "client_id", app.clientId())));

    // the issuer is an accepted audience too; the same assertion a second time is a replay
    String once = assertion(
        key,
        app.clientId(),
        issuer(),
        Instant.now().plusSeconds(60),
        UUID.randomUUID().toString());
    Map<String, Object> rotated = ok(postForm(ProviderEndpoints.TOKEN, withAssertion(once, grant)));
    invalidClient(postForm(
        ProviderEndpoints.TOKEN,
        withAssertion(once, "grant_type", "refresh_token", "refresh_token", (String)
            rotated.get("refresh_token"))));

    String live = (String) rotated.get("refresh_token");
    postForm(ProviderEndpoints.REVOKE, withAssertion(assertion(key, app.clientId()), "token", live))
        .expectStatus()
        .isOk();
    postForm(
            ProviderEndpoints.TOKEN,
            withAssertion(
                assertion(key, app.clientId()),
                "grant_type",
                "refresh_token",
                "refresh_token",
                live))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_grant");
  }

  static JWTClaimsSet claims(String clientId, String audience, Instant exp) {
    return new JWTClaimsSet.Builder()
        .issuer(clientId)
        .subject(clientId)
        .audience(audience)
        .expirationTime(Date.from(exp))
        .jwtID(UUID.randomUUID().toString())
        .build();
  }

  @Test
  @DisplayName(
      "jwks_uri on a loopback server: keys are fetched, cached, and fetched again for an unknown kid"
          + " (rotation); a retired key no longer authenticates")
  void keysByUri() throws IOException, InterruptedException {
    ECKey first = ecKey("first");
    ECKey second = ecKey("second");
    AtomicReference<String> served =
        new AtomicReference<>(new JWKSet(first).toPublicJWKSet().toString());
    AtomicInteger fetches = new AtomicInteger();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks", exchange -> {
      fetches.incrementAndGet();
      byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
      App app = register(adminToken(), Map.of("jwks_uri", uri));
      Map<String, Object> tokens = ok(postForm(
          ProviderEndpoints.TOKEN,
          withAssertion(
              assertion(first, app.clientId()), exchangeForm(allow(app, newUser("pkjwt-uri"))))));
      Map<String, Object> again = ok(postForm(
          ProviderEndpoints.TOKEN,
          withAssertion(
              assertion(first, app.clientId()),
              "grant_type",
              "refresh_token",
              "refresh_token",
              (String) tokens.get("refresh_token"))));
      assertThat(fetches.get()).as("the set is cached").isEqualTo(1);

      served.set(new JWKSet(second).toPublicJWKSet().toString());
      Thread.sleep(ClientKeySets.REFETCH_PAUSE.toMillis() + 100);
      Map<String, Object> rotated = ok(postForm(
          ProviderEndpoints.TOKEN,
          withAssertion(
              assertion(second, app.clientId()),
              "grant_type",
              "refresh_token",
              "refresh_token",
              (String) again.get("refresh_token"))));
      assertThat(fetches.get()).as("an unknown kid fetches the set again").isEqualTo(2);
      invalidClient(postForm(
          ProviderEndpoints.TOKEN,
          withAssertion(
              assertion(first, app.clientId()),
              "grant_type",
              "refresh_token",
              "refresh_token",
              (String) rotated.get("refresh_token"))));
    } finally {
      server.stop(0);
    }
  }

  @Test
  @DisplayName(
      "registration: private keys, weak keys, non-https or private-address jwks_uri, and both at once are"
          + " 400 problems; the answer shows jwks, jwks_uri and resource_server")
  void registration() throws JOSEException {
    String admin = adminToken();
    ECKey key = ecKey("k");
    Map<?, ?> ok = post(
            "/v1/aa/applications",
            admin,
            Map.of("name", "Keys", "jwks", publicSet(key), "resource_server", true))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(ok.get("resource_server")).isEqualTo(true);
    assertThat(ok.containsKey("jwks_uri")).isTrue();
    assertThat(ok.get("jwks_uri")).isNull();
    assertThat(((List<?>) ((Map<?, ?>) ok.get("jwks")).get("keys"))).hasSize(1);
    assertThat(((Map<?, ?>) ((List<?>) ((Map<?, ?>) ok.get("jwks")).get("keys")).get(0))
            .containsKey("d"))
        .isFalse();
    List<Map<String, Object>> bad = List.of(
        Map.of("jwks", new JWKSet(key).toJSONObject(false)),
        Map.of("jwks", Map.of("keys", List.of())),
        Map.of("jwks", Map.of("keys", "nope")),
        Map.of("jwks_uri", "http://rp.example/jwks"),
        Map.of("jwks_uri", "https://10.0.0.7/jwks"),
        Map.of("jwks_uri", "https://rp.example/jwks", "jwks", publicSet(key)));
    for (Map<String, Object> b : bad) {
      Map<String, Object> body = new java.util.HashMap<>(b);
      body.put("name", "Bad keys");
      post("/v1/aa/applications", admin, body)
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType("application/problem+json");
    }
    String aId = (String) ok.get("a_id");
    put("/v1/aa/applications/" + aId, admin, Map.of("name", "Keys"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.jwks")
        .isEmpty()
        .jsonPath("$.resource_server")
        .isEqualTo(false);
  }

  @Test
  @DisplayName(
      "discovery advertises private_key_jwt with ES256, RS256 and PS256, and introspection")
  void discovery() {
    http.get()
        .uri("/.well-known/openid-configuration")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.token_endpoint_auth_methods_supported")
        .value(
            m -> assertThat(String.valueOf(m)).contains("private_key_jwt", "client_secret_basic"))
        .jsonPath("$.token_endpoint_auth_signing_alg_values_supported")
        .isEqualTo(List.of("ES256", "RS256", "PS256"))
        .jsonPath("$.introspection_endpoint")
        .value(e -> assertThat((String) e).endsWith(ProviderEndpoints.INTROSPECT))
        .jsonPath("$.introspection_endpoint_auth_methods_supported")
        .isEqualTo(List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
  }
}

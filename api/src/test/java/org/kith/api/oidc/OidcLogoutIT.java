package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Logout at the OpenID Provider, the relying party's side written with the Nimbus SDK: RP-initiated logout (only a
 * registered URI is ever redirected to, a hint must carry Kith's signature, only the session carrying the request
 * ends) and back-channel logout tokens, received here on loopback and validated with Nimbus's logout token validator,
 * when a session ends and when the consent instance is withdrawn.
 */
@DisplayName("OpenID Provider: RP-initiated and back-channel logout")
class OidcLogoutIT extends OidcIT {
  private HttpServer receiver;
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/logout", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      received.add(Map.of(
          "body",
          body,
          "type",
          String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")),
          "method",
          exchange.getRequestMethod()));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  String logoutUri() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/logout";
  }

  WebTestClient.ResponseSpec endSession(Map<String, String> params) {
    return http.get()
        .uri(u -> {
          u.path(ProviderEndpoints.LOGOUT);
          params.forEach((k, v) -> u.queryParam(k, "{" + k + "}"));
          return u.build(params);
        })
        .exchange();
  }

  /** The logout tokens received for this client, validated by Nimbus (signature, typ, iss, aud, events, no nonce). */
  List<LogoutTokenClaimsSet> logoutTokens(Client c) throws Exception {
    LogoutTokenValidator validator = new LogoutTokenValidator(
        new Issuer(issuer()),
        new ClientID(c.clientId()),
        true,
        new JWSVerificationKeySelector<SecurityContext>(
            JWSAlgorithm.ES256, new ImmutableJWKSet<>(jwks())),
        null);
    List<LogoutTokenClaimsSet> out = new java.util.ArrayList<>();
    for (Map<String, String> r : received) {
      assertThat(r.get("method")).isEqualTo("POST");
      assertThat(r.get("type")).startsWith("application/x-www-form-urlencoded");
      assertThat(r.get("body")).startsWith("logout_token=");
      SignedJWT jwt = SignedJWT.parse(URLDecoder.decode(
          r.get("body").substring("logout_token=".length()), StandardCharsets.UTF_8));
      if (!jwt.getJWTClaimsSet().getAudience().contains(c.clientId())) {
        continue;
      }
      assertThat(jwt.getHeader().getType().getType()).isEqualTo("logout+jwt");
      assertThat(jwt.getJWTClaimsSet().getClaim("nonce")).isNull();
      out.add(validator.validate(jwt));
    }
    return out;
  }

  static JWTClaimsSet claims(String jwt) throws java.text.ParseException {
    return SignedJWT.parse(jwt).getJWTClaimsSet();
  }

  @Test
  @DisplayName(
      "an ID token names its session (sid); logout with it and the registered URI goes to Kith's page,"
          + " which ends that session at once and sends the browser back with the state; the RP gets a logout token")
  void rpInitiatedSameSession() throws Exception {
    Client c = client(logoutUri());
    User person = newUser("oidc-logout");
    Map<String, Object> tokens = signIn(c, person.token(), "openid", List.of());
    JWTClaimsSet id = claims((String) tokens.get("id_token"));
    String sid = id.getStringClaim("sid");
    assertThat(sid).isNotBlank();
    Map<String, String> params = Map.of(
        "id_token_hint",
        (String) tokens.get("id_token"),
        "client_id",
        c.clientId(),
        "post_logout_redirect_uri",
        c.logoutUri(),
        "state",
        "bye-1");
    URI page = endSession(params)
        .expectStatus()
        .isFound()
        .returnResult(Void.class)
        .getResponseHeaders()
        .getLocation();
    assertThat(page.toString()).startsWith(LogoutController.LOGOUT_PAGE + "?");
    Map<String, Object> body = new HashMap<>(params);
    body.put("confirm", false);
    Map<?, ?> outcome = post("/v1/oidc/logout", person.token(), body)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(outcome.get("ended")).isEqualTo(true);
    assertThat((String) outcome.get("redirect_to")).isEqualTo(c.logoutUri() + "?state=bye-1");
    get("/v1/auth/me", person.token()).expectStatus().isUnauthorized();

    eventually(Duration.ofSeconds(10), () -> !received.isEmpty());
    List<LogoutTokenClaimsSet> got = logoutTokens(c);
    assertThat(got).hasSize(1);
    assertThat(got.get(0).getSessionID().getValue()).isEqualTo(sid);
    assertThat(got.get(0).getSubject().getValue()).isEqualTo(id.getSubject());
    assertThat(got.get(0).getJWTID()).isNotNull();
    // the relying party's tokens are not Kith sessions: ending the session does not pretend to
    // revoke them here,
    // but the consent instance still rules them (see instance withdrawal)
  }

  @Test
  @DisplayName(
      "a hint of another session ends nothing until the person confirms, and then only their own session")
  void otherSessionNeedsConfirmation() {
    Client c = client(logoutUri());
    User person = newUser("oidc-logout-other");
    String second = (String) login(person.username(), PASSWORD).get("access_token");
    Map<String, Object> tokens = signIn(c, person.token(), "openid", List.of());
    Map<String, Object> body = new HashMap<>(
        Map.of("id_token_hint", tokens.get("id_token"), "post_logout_redirect_uri", c.logoutUri()));
    Map<?, ?> asked = post("/v1/oidc/logout", second, body)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(asked.get("ended")).isEqualTo(false);
    assertThat(asked.get("confirmation_required")).isEqualTo(true);
    assertThat(asked.get("redirect_to")).isNull();
    get("/v1/auth/me", second).expectStatus().isOk();
    body.put("confirm", true);
    post("/v1/oidc/logout", second, body)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.ended")
        .isEqualTo(true)
        .jsonPath("$.redirect_to")
        .isEqualTo(c.logoutUri());
    get("/v1/auth/me", second).expectStatus().isUnauthorized();
    get("/v1/auth/me", person.token()).expectStatus().isOk();
  }

  @Test
  @DisplayName(
      "refusals are plain problems, never redirects: an unregistered post_logout_redirect_uri, a hint whose"
          + " signature does not verify, a hint for another client, an unknown client")
  void refusals() {
    Client c = client(logoutUri());
    Client other = client("https://other.example/logged-out");
    Client none = client(null);
    User person = newUser("oidc-logout-bad");
    String idToken = (String) signIn(c, person.token(), "openid", List.of()).get("id_token");
    String[] parts = idToken.split("\\.");
    String forged = parts[0] + "." + parts[1] + "." + (parts[2].startsWith("A") ? "B" : "A")
        + parts[2].substring(1);
    List<Map<String, String>> bad = List.of(
        Map.of(
            "id_token_hint",
            idToken,
            "post_logout_redirect_uri",
            "https://evil.example/logout",
            "state",
            "s"),
        Map.of(
            "client_id",
            c.clientId(),
            "post_logout_redirect_uri",
            c.logoutUri() + "/",
            "state",
            "s"),
        Map.of("client_id", other.clientId(), "post_logout_redirect_uri", c.logoutUri()),
        Map.of("client_id", none.clientId(), "post_logout_redirect_uri", c.logoutUri()),
        Map.of("post_logout_redirect_uri", c.logoutUri()),
        Map.of("id_token_hint", forged, "post_logout_redirect_uri", c.logoutUri()),
        Map.of("id_token_hint", "not-a-jwt"),
        Map.of("id_token_hint", idToken, "client_id", other.clientId()),
        Map.of("client_id", "aa_nobody"));
    for (Map<String, String> params : bad) {
      endSession(params)
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .doesNotExist("Location")
          .expectHeader()
          .contentTypeCompatibleWith("application/problem+json");
      post("/v1/oidc/logout", person.token(), params).expectStatus().isBadRequest();
    }
    get("/v1/auth/me", person.token()).expectStatus().isOk();
    endSession(Map.of("client_id", c.clientId(), "post_logout_redirect_uri", c.logoutUri()))
        .expectStatus()
        .isFound();
  }

  @Test
  @DisplayName(
      "back-channel: logging out of Kith, and withdrawing the consent instance, send logout tokens")
  void backChannel() throws Exception {
    Client c = client(logoutUri());
    User person = newUser("oidc-backchannel");
    Map<String, Object> first = signIn(c, person.token(), "openid", List.of());
    String sid = claims((String) first.get("id_token")).getStringClaim("sid");
    http.post()
        .uri("/v1/auth/logout")
        .headers(h -> h.setBearerAuth(person.token()))
        .exchange()
        .expectStatus()
        .isNoContent();
    eventually(Duration.ofSeconds(10), () -> received.size() == 1);
    assertThat(logoutTokens(c))
        .singleElement()
        .satisfies(t -> assertThat(t.getSessionID().getValue()).isEqualTo(sid));

    String again = (String) login(person.username(), PASSWORD).get("access_token");
    Map<String, Object> second = signIn(c, again, "openid", List.of());
    JWTClaimsSet id = claims((String) second.get("id_token"));
    assertThat(id.getStringClaim("sid")).isNotEqualTo(sid);
    userinfo((String) second.get("access_token")).expectStatus().isOk();
    List<?> shares =
        get("/v1/aa/instances", again).expectBody(List.class).returnResult().getResponseBody();
    String newest = (String) ((Map<?, ?>) shares.get(0)).get("i_id");
    delete("/v1/aa/instances/" + newest, again).expectStatus().is2xxSuccessful();
    userinfo((String) second.get("access_token")).expectStatus().isUnauthorized();
    // the second sign-in extended the first's instance: its withdrawal is told for both sessions
    // signed in under it
    eventually(Duration.ofSeconds(10), () -> received.size() == 3);
    List<LogoutTokenClaimsSet> got = logoutTokens(c);
    assertThat(got).hasSize(3);
    assertThat(got.subList(1, 3))
        .extracting(t -> t.getSessionID().getValue())
        .containsExactlyInAnyOrder(sid, id.getStringClaim("sid"));
    assertThat(got)
        .allSatisfy(t -> assertThat(t.getSubject().getValue()).isEqualTo(id.getSubject()));
    assertThat(got.stream().map(t -> t.getJWTID().getValue()).distinct()).hasSize(3);
  }

  @Test
  @DisplayName(
      "back-channel: ending one's other sessions, and a password change, send a logout token for each ended one")
  void endOtherSessions() throws Exception {
    Client c = client(logoutUri());
    User person = newUser("oidc-end-others");
    Map<String, Object> first = signIn(c, person.token(), "openid", List.of());
    String sid = claims((String) first.get("id_token")).getStringClaim("sid");
    String current = (String) login(person.username(), PASSWORD).get("access_token");
    delete("/v1/auth/sessions", current).expectStatus().isOk();
    eventually(Duration.ofSeconds(10), () -> received.size() == 1);
    assertThat(logoutTokens(c))
        .singleElement()
        .satisfies(t -> assertThat(t.getSessionID().getValue()).isEqualTo(sid));

    String again = (String) login(person.username(), PASSWORD).get("access_token");
    String sid3 = claims((String) signIn(c, again, "openid", List.of()).get("id_token"))
        .getStringClaim("sid");
    post(
            "/v1/auth/password-change",
            current,
            Map.of("password_existing", PASSWORD, "password_new", "another long passphrase"))
        .expectStatus()
        .isOk();
    eventually(Duration.ofSeconds(10), () -> received.size() == 2);
    assertThat(logoutTokens(c).get(1).getSessionID().getValue()).isEqualTo(sid3);
  }

  @Test
  @DisplayName("back-channel: an administrator disabling the account sends a logout token")
  void disabledAccount() throws Exception {
    Client c = client(logoutUri());
    User person = newUser("oidc-disabled");
    String sid = claims((String) signIn(c, person.token(), "openid", List.of()).get("id_token"))
        .getStringClaim("sid");
    post(
            "/v1/admin/users/" + person.uId() + "/disable",
            adminToken(),
            Map.of("reason", "reported as stolen"))
        .expectStatus()
        .isOk();
    eventually(Duration.ofSeconds(10), () -> received.size() == 1);
    assertThat(logoutTokens(c))
        .singleElement()
        .satisfies(t -> assertThat(t.getSessionID().getValue()).isEqualTo(sid));
  }

  @Test
  @DisplayName(
      "discovery advertises the end-session endpoint and back-channel logout with sid, no front-channel")
  void discovery() {
    http.get()
        .uri("/.well-known/openid-configuration")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.end_session_endpoint")
        .value(e -> assertThat((String) e).endsWith(ProviderEndpoints.LOGOUT))
        .jsonPath("$.backchannel_logout_supported")
        .isEqualTo(true)
        .jsonPath("$.backchannel_logout_session_supported")
        .isEqualTo(true)
        .jsonPath("$.frontchannel_logout_supported")
        .isEqualTo(false);
  }
}

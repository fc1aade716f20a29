package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Token introspection (RFC 7662) for resource servers registered in Kith: live access and refresh tokens of the
 * applications of the same administration, and {@code active: false} for everything else without saying why.
 */
@DisplayName("OpenID Provider: token introspection")
class OidcIntrospectionIT extends OidcTestSupport {

  record Setup(App client, App resourceServer, User person, Map<String, Object> tokens) {}

  Setup setup(String name) {
    User admin = newUser(name + "-admin");
    App client = register(admin.token(), Map.of("generate_secret", true));
    App rs = register(admin.token(), Map.of("generate_secret", true, "resource_server", true));
    User person = newUser(name);
    Map<String, Object> tokens =
        ok(postForm(ProviderEndpoints.TOKEN, client, form(exchangeForm(allow(client, person)))));
    return new Setup(client, rs, person, tokens);
  }

  Map<String, Object> introspect(App caller, String token) {
    return ok(postForm(ProviderEndpoints.INTROSPECT, caller, form("token", token)));
  }

  @Test
  @DisplayName(
      "a resource server of the same administration sees a live access token and refresh token; another"
          + " resource server, a client that is not one, and a junk token get active=false; no client authentication"
          + " is 401")
  void activeAndEntitlement() throws Exception {
    Setup s = setup("introspect");
    String access = (String) s.tokens().get("access_token");
    Map<String, Object> answer = introspect(s.resourceServer(), access);
    String sub =
        SignedJWT.parse((String) s.tokens().get("id_token")).getJWTClaimsSet().getSubject();
    assertThat(answer)
        .containsEntry("active", true)
        .containsEntry("client_id", s.client().clientId())
        .containsEntry("sub", sub)
        .containsEntry("scope", "openid profile")
        .containsEntry("token_type", "Bearer")
        .containsEntry("iss", issuer())
        .containsKeys("exp", "iat", "aud")
        .doesNotContainKey("cnf");
    assertThat(sub).isNotEqualTo(s.person().uId());
    Map<String, Object> refresh =
        introspect(s.resourceServer(), (String) s.tokens().get("refresh_token"));
    assertThat(refresh)
        .containsEntry("active", true)
        .containsEntry("client_id", s.client().clientId())
        .containsEntry("sub", sub)
        .containsKey("exp");

    App stranger = register(
        newUser("introspect-stranger").token(),
        Map.of("generate_secret", true, "resource_server", true));
    assertThat(introspect(stranger, access)).isEqualTo(Map.of("active", false));
    assertThat(introspect(stranger, (String) s.tokens().get("refresh_token")))
        .isEqualTo(Map.of("active", false));
    assertThat(introspect(s.client(), access))
        .as("not a resource server")
        .isEqualTo(Map.of("active", false));
    assertThat(introspect(s.resourceServer(), "junk")).isEqualTo(Map.of("active", false));
    assertThat(introspect(s.resourceServer(), access.substring(0, access.length() - 2) + "xx"))
        .isEqualTo(Map.of("active", false));

    invalidClient(postForm(ProviderEndpoints.INTROSPECT, form("token", access)));
    invalidClient(postForm(
        ProviderEndpoints.INTROSPECT,
        form("token", access, "client_id", s.resourceServer().clientId())));
    invalidClient(postForm(
        ProviderEndpoints.INTROSPECT,
        new App(s.resourceServer().aId(), s.resourceServer().clientId(), "wrong"),
        form("token", access)));
  }

  @Test
  @DisplayName(
      "after the person withdraws the consent instance, or the client revokes the refresh family, its"
          + " tokens introspect as active=false")
  void withdrawnAndRevoked() {
    Setup s = setup("introspect-withdraw");
    String access = (String) s.tokens().get("access_token");
    assertThat(introspect(s.resourceServer(), access)).containsEntry("active", true);
    List<?> shares = get("/v1/aa/instances", s.person().token())
        .expectBody(List.class)
        .returnResult()
        .getResponseBody();
    delete(
            "/v1/aa/instances/" + ((Map<?, ?>) shares.get(0)).get("i_id"),
            s.person().token())
        .expectStatus()
        .is2xxSuccessful();
    assertThat(introspect(s.resourceServer(), access)).isEqualTo(Map.of("active", false));
    assertThat(introspect(s.resourceServer(), (String) s.tokens().get("refresh_token")))
        .isEqualTo(Map.of("active", false));

    Setup r = setup("introspect-revoke");
    String refresh = (String) r.tokens().get("refresh_token");
    postForm(ProviderEndpoints.REVOKE, r.client(), form("token", refresh))
        .expectStatus()
        .isOk();
    assertThat(introspect(r.resourceServer(), refresh)).isEqualTo(Map.of("active", false));
    assertThat(introspect(r.resourceServer(), (String) r.tokens().get("access_token")))
        .isEqualTo(Map.of("active", false));
  }
}

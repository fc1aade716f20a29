package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("OpenID Provider: refusals and discovery")
class OidcRefusalsIT extends CodeFlowTestBase {
  @Test
  @DisplayName(
      "refusals: unknown client and unregistered redirect URIs are never redirected to; no PKCE, plain PKCE,"
          + " implicit and hybrid, prompt=none come back as errors at the registered redirect URI")
  void refusals() {
    Client c = client();
    CodeVerifier v = new CodeVerifier();
    Map<String, String> good = ask(c, v, "openid");
    Map<String, String> unknown = new java.util.HashMap<>(good);
    unknown.put("client_id", "aa_nobody");
    authorize(unknown).expectStatus().isBadRequest().expectHeader().doesNotExist("Location");
    for (String bad : List.of(
        "https://rp.example/callback/",
        "https://evil.example/callback",
        "https://rp.example/callback?x=1",
        "http://127.0.0.1/other")) {
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
      URI location = authorize(p)
          .expectStatus()
          .isFound()
          .returnResult(Void.class)
          .getResponseHeaders()
          .getLocation();
      assertThat(location.toString()).startsWith(CALLBACK);
      assertThat(query(location.toString()))
          .containsEntry("error", error)
          .containsEntry("state", good.get("state"));
    });
    Map<String, String> plain = new java.util.HashMap<>(good);
    plain.put("code_challenge_method", "plain");
    plain.put("code_challenge", v.getValue());
    assertThat(query(authorize(plain)
            .expectStatus()
            .isFound()
            .returnResult(Void.class)
            .getResponseHeaders()
            .getLocation()
            .toString()))
        .containsEntry("error", "invalid_request");
    token(
            new Client(c.aId(), c.clientId(), "wrong"),
            form(
                "grant_type",
                "authorization_code",
                "code",
                "x",
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                v.getValue()))
        .expectStatus()
        .isUnauthorized()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_client");
    token(
            c,
            form(
                "grant_type",
                "authorization_code",
                "code",
                "never-issued",
                "redirect_uri",
                CALLBACK,
                "code_verifier",
                v.getValue()))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_grant");
    token(c, form("grant_type", "password", "username", "x", "password", "y"))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("unsupported_grant_type");
  }

  @Test
  @DisplayName(
      "OP-Discovery-Config: discovery advertises exactly the code flow with PKCE S256 and pairwise subjects")
  void discovery() {
    http.get()
        .uri("/.well-known/openid-configuration")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.response_types_supported")
        .isEqualTo(List.of("code"))
        .jsonPath("$.code_challenge_methods_supported")
        .isEqualTo(List.of("S256"))
        .jsonPath("$.subject_types_supported")
        .isEqualTo(List.of("pairwise"))
        .jsonPath("$.grant_types_supported")
        .isEqualTo(List.of("authorization_code", "refresh_token"))
        .jsonPath("$.authorization_response_iss_parameter_supported")
        .isEqualTo(true)
        .jsonPath("$.authorization_endpoint")
        .value(e -> assertThat((String) e).endsWith(ProviderEndpoints.AUTHORIZE));
  }
}

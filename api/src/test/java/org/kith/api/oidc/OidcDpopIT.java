package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * DPoP (RFC 9449) at the token and userinfo endpoints, the proofs made with the Nimbus SDK's proof factory: tokens
 * bound to the proof's key ({@code cnf.jkt}, token_type DPoP), the code bound by {@code dpop_jkt}, the refresh token
 * of a public client bound to the key, and every kind of bad proof refused as {@code invalid_dpop_proof}.
 */
@DisplayName("OpenID Provider: DPoP")
class OidcDpopIT extends OidcRelyingParty {
  static ECKey ecKey() throws Exception {
    return new ECKeyGenerator(Curve.P_256).generate();
  }

  record Flow(Client client, String code, CodeVerifier verifier) {}

  /** A code for a new person and client; {@code dpopJkt} bound to it if given. */
  Flow code(Client c, @Nullable String dpopJkt) {
    CodeVerifier v = new CodeVerifier();
    Map<String, String> params = new HashMap<>(ask(c, v));
    if (dpopJkt != null) {
      params.put("dpop_jkt", dpopJkt);
    }
    String code = allow(newUser("dpop"), consentRequest(params)).get("code");
    return new Flow(c, code, v);
  }

  WebTestClient.ResponseSpec token(
      Client c,
      org.springframework.util.MultiValueMap<String, String> form,
      @Nullable String proof) {
    return send(ProviderEndpoints.TOKEN, c, form, proof == null ? Map.of() : Map.of("DPoP", proof));
  }

  WebTestClient.ResponseSpec userinfo(String scheme, String token, @Nullable String proof) {
    return http.get()
        .uri(ProviderEndpoints.USERINFO)
        .headers(h -> {
          h.set(HttpHeaders.AUTHORIZATION, scheme + " " + token);
          if (proof != null) {
            h.set("DPoP", proof);
          }
        })
        .exchange();
  }

  /** The proof with another signature of the same length. */
  static String tampered(String proof) {
    int dot = proof.lastIndexOf('.');
    String sig = proof.substring(dot + 1);
    return proof.substring(0, dot + 1) + (sig.charAt(0) == 'A' ? 'B' : 'A') + sig.substring(1);
  }

  static void challenged(WebTestClient.ResponseSpec r, String error) {
    r.expectStatus()
        .isUnauthorized()
        .expectHeader()
        .value(
            "WWW-Authenticate",
            h -> assertThat(h)
                .startsWith("DPoP ")
                .contains("error=\"" + error + "\"")
                .contains("algs="));
  }

  @Test
  @DisplayName(
      "a public client's proof binds the code (dpop_jkt), the access token (cnf.jkt, token_type DPoP) and"
          + " the refresh token; userinfo takes the token only as DPoP with a proof of the key and the token's hash")
  void boundFlow() throws Exception {
    ECKey key = ecKey();
    URI tokenUri = endpoint("token_endpoint");
    URI userinfoUri = endpoint("userinfo_endpoint");
    Flow f = code(client(false, Map.of()), thumbprint(key));
    token(
            f.client(),
            codeForm(f.code(), f.verifier()),
            proof(ecKey(), JWSAlgorithm.ES256, "POST", tokenUri, null))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_dpop_proof");
    Flow g = code(f.client(), thumbprint(key));
    Map<String, Object> tokens = json(token(
        g.client(),
        codeForm(g.code(), g.verifier()),
        proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null)));
    assertThat(tokens).containsEntry("token_type", "DPoP");
    String access = (String) tokens.get("access_token");
    Map<String, Object> cnf = SignedJWT.parse(access).getJWTClaimsSet().getJSONObjectClaim("cnf");
    assertThat(cnf).containsEntry("jkt", thumbprint(key));

    String good = proof(key, JWSAlgorithm.ES256, "GET", userinfoUri, access);
    assertThat(json(userinfo("DPoP", access, good))).containsKey("sub");
    challenged(userinfo("DPoP", access, good), "invalid_dpop_proof");
    challenged(userinfo("Bearer", access, null), "invalid_token");
    challenged(userinfo("DPoP", access, null), "invalid_dpop_proof");
    challenged(
        userinfo("DPoP", access, proof(key, JWSAlgorithm.ES256, "GET", userinfoUri, null)),
        "invalid_dpop_proof");
    // the SDK judges a proof for another token (ath) as a token not bound to this proof
    challenged(
        userinfo("DPoP", access, proof(key, JWSAlgorithm.ES256, "GET", userinfoUri, access + "x")),
        "invalid_token");
    challenged(
        userinfo("DPoP", access, proof(key, JWSAlgorithm.ES256, "POST", userinfoUri, access)),
        "invalid_dpop_proof");
    challenged(
        userinfo("DPoP", access, proof(ecKey(), JWSAlgorithm.ES256, "GET", userinfoUri, access)),
        "invalid_token");

    String refresh = (String) tokens.get("refresh_token");
    refused(
        token(
            g.client(),
            OidcFlowIT.form("grant_type", "refresh_token", "refresh_token", refresh),
            proof(ecKey(), JWSAlgorithm.ES256, "POST", tokenUri, null)),
        "invalid_grant");
    // someone with the token but not the key spent nothing: the key's holder still refreshes with
    // it
    assertThat(json(token(
            g.client(),
            OidcFlowIT.form("grant_type", "refresh_token", "refresh_token", refresh),
            proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null))))
        .containsEntry("token_type", "DPoP");
    Flow h = code(f.client(), null);
    Map<String, Object> next = json(token(
        h.client(),
        codeForm(h.code(), h.verifier()),
        proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null)));
    Map<String, Object> rotated = json(token(
        h.client(),
        OidcFlowIT.form(
            "grant_type", "refresh_token", "refresh_token", (String) next.get("refresh_token")),
        proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null)));
    assertThat(rotated).containsEntry("token_type", "DPoP");
    json(userinfo(
        "DPoP",
        (String) rotated.get("access_token"),
        proof(key, JWSAlgorithm.ES256, "GET", userinfoUri, (String) rotated.get("access_token"))));
  }

  @Test
  @DisplayName(
      "an exchange of a dpop_jkt-bound code with another key, or with no proof, is refused without spending the"
          + " code: its client then exchanges it with the bound key")
  void wrongKeyKeepsTheCode() throws Exception {
    ECKey key = ecKey();
    URI tokenUri = endpoint("token_endpoint");
    Flow f = code(client(false, Map.of()), thumbprint(key));
    for (int i = 0; i < 2; i++) {
      token(
              f.client(),
              codeForm(f.code(), f.verifier()),
              proof(ecKey(), JWSAlgorithm.ES256, "POST", tokenUri, null))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.error")
          .isEqualTo("invalid_dpop_proof");
    }
    token(f.client(), codeForm(f.code(), f.verifier()), null)
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_dpop_proof");
    Map<String, Object> tokens = json(token(
        f.client(),
        codeForm(f.code(), f.verifier()),
        proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null)));
    assertThat(tokens).containsEntry("token_type", "DPoP").containsKey("id_token");
    // and then it is spent
    refused(
        token(
            f.client(),
            codeForm(f.code(), f.verifier()),
            proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null)),
        "invalid_grant");
  }

  @Test
  @DisplayName(
      "bad proofs at the token endpoint are invalid_dpop_proof and spend nothing: replayed jti, wrong htu,"
          + " wrong htm, stale iat, not a JWT, a bad signature, two proofs")
  void badProofs() throws Exception {
    ECKey key = ecKey();
    URI tokenUri = endpoint("token_endpoint");
    Client c = client(true, Map.of());
    Flow f = code(c, null);
    Map<String, String> cases = Map.of(
        "htu", proof(key, JWSAlgorithm.ES256, "POST", endpoint("userinfo_endpoint"), null),
        "htm", proof(key, JWSAlgorithm.ES256, "GET", tokenUri, null),
        "iat",
            new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256)
                .createDPoPJWT(
                    new JWTID(),
                    "POST",
                    tokenUri,
                    new Date(System.currentTimeMillis() - 600_000),
                    null)
                .serialize(),
        "jwt", "not-a-jwt",
        "signature", tampered(proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null)));
    cases.forEach((what, bad) ->
        refused(token(c, codeForm(f.code(), f.verifier()), bad), "invalid_dpop_proof"));
    send(ProviderEndpoints.TOKEN, c, codeForm(f.code(), f.verifier()), Map.of())
        .expectStatus()
        .isOk();

    Flow g = code(c, null);
    String once = proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null);
    Map<String, Object> tokens = json(token(c, codeForm(g.code(), g.verifier()), once));
    assertThat(tokens).containsEntry("token_type", "DPoP");
    refused(
        token(
            c,
            OidcFlowIT.form("grant_type", "refresh_token", "refresh_token", (String)
                tokens.get("refresh_token")),
            once),
        "invalid_dpop_proof");
    http.post()
        .uri(ProviderEndpoints.TOKEN)
        .headers(h -> {
          h.setBasicAuth(c.clientId(), c.secret());
          h.add("DPoP", proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null));
          h.add("DPoP", proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null));
        })
        .body(org.springframework.web.reactive.function.BodyInserters.fromFormData(OidcFlowIT.form(
            "grant_type", "refresh_token", "refresh_token", (String) tokens.get("refresh_token"))))
        .exchange()
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.error")
        .isEqualTo("invalid_dpop_proof");
    json(token(
        c,
        OidcFlowIT.form(
            "grant_type", "refresh_token", "refresh_token", (String) tokens.get("refresh_token")),
        proof(key, JWSAlgorithm.ES256, "POST", tokenUri, null)));
  }

  @Test
  @DisplayName(
      "require_dpop: a token request without a proof is refused; with an RS256 proof the tokens are bound")
  void requireDpop() throws Exception {
    Client c = client(true, Map.of("require_dpop", true));
    get("/v1/aa/applications/" + c.aId(), adminToken())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.require_dpop")
        .isEqualTo(true);
    Flow f = code(c, null);
    refused(
        send(ProviderEndpoints.TOKEN, c, codeForm(f.code(), f.verifier()), Map.of()),
        "invalid_dpop_proof");
    JWK rsa = new RSAKeyGenerator(2048).generate();
    Map<String, Object> tokens = json(token(
        c,
        codeForm(f.code(), f.verifier()),
        proof(rsa, JWSAlgorithm.RS256, "POST", endpoint("token_endpoint"), null)));
    assertThat(tokens).containsEntry("token_type", "DPoP");
    assertThat(SignedJWT.parse((String) tokens.get("access_token"))
            .getJWTClaimsSet()
            .getJSONObjectClaim("cnf"))
        .containsEntry("jkt", thumbprint(rsa));
  }
}

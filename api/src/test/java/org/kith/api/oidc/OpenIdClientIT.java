package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.NodeInterop;

/**
 * Kith's OpenID Provider driven from outside by a certified relying-party library, npm {@code openid-client} v6
 * ({@code interop/oidc-rp.mjs}), with the person logging in and answering on Kith's own pages in headless Chromium.
 * Case names follow the OpenID Foundation conformance suite's Basic OP, FAPI 2.0 Security Profile and logout tests
 * where one applies; PAR, DPoP, private_key_jwt, introspection and logout are in {@code interop/oidc-rp-fapi.mjs}.
 */
@DisplayName("OpenID Provider: the openid-client relying-party suite, the person in Chromium")
class OpenIdClientIT extends KithIT {
  /** Every case the suite runs, in order: each must print PASS. */
  static final List<String> CASES = List.of(
      "oidcc-server",
      "oidcc-client-secret-basic",
      "oidcc-id-token-signature",
      "kith-id-token-claims",
      "oidcc-userinfo-get",
      "oidcc-userinfo-post-header",
      "oidcc-response-type-missing",
      "oidcc-ensure-redirect-uri-in-authorization-request",
      "oidcc-ensure-registered-redirect-uri",
      "oidcc-prompt-none-not-logged-in",
      "kith-pkce-missing-refused",
      "kith-pkce-plain-refused",
      "kith-implicit-refused",
      "kith-hybrid-refused",
      "oidcc-codereuse",
      "kith-pkce-verifier-mismatch",
      "oidcc-ensure-request-without-nonce-succeeds-for-code-flow",
      "oidcc-ensure-request-with-unknown-parameter-succeeds",
      "oidcc-client-secret-post",
      "oidcc-scope-profile",
      "oidcc-scope-email",
      "oidcc-scope-phone",
      "oidcc-scope-address",
      "oidcc-prompt-login",
      "oidcc-max-age-1",
      "oidcc-refresh-token",
      "kith-refresh-reuse-revokes-family",
      "kith-revocation-rfc7009",
      "kith-deny-access-denied",
      "kith-withdrawal-ends-tokens",
      "fapi2-security-profile-final-happy-flow",
      "fapi2-security-profile-final-ensure-token-endpoint-fails-with-mismatched-dpop-proof-jkt",
      "fapi2-security-profile-final-ensure-dpop-auth-code-binding-success",
      "kith-dpop-bound-token-without-proof-refused",
      "fapi2-security-profile-final-ensure-unsigned-authorization-request-without-using-par-fails",
      "kith-introspection-rfc7662",
      "oidcc-rp-initiated-logout",
      "oidcc-backchannel-rp-initiated-logout");

  @Test
  @DisplayName(
      "every case passes: discovery, code flow with PKCE, ID token checks, userinfo, scopes, refusals, "
          + "code reuse, prompt=login, max_age, refresh rotation and reuse, revocation, deny, withdrawal, PAR, DPoP, "
          + "private_key_jwt, require_par, introspection, RP-initiated and back-channel logout")
  void openIdClientSuite() throws Exception {
    Map<?, ?> app = post(
            "/v1/aa/applications",
            adminToken(),
            Map.of(
                "name",
                "Harbour Sign-in",
                "description",
                "Signs you in with Kith",
                "callback_uri",
                List.of("http://127.0.0.1/cb"),
                "generate_secret",
                true))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    User person = newUser("oidc-rp");
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("given_names", "Aroha");
    details.put("family_name", "Ngata");
    details.put("date_of_birth", "1988-03-14");
    details.put("email", "aroha.ngata@example.org");
    details.put("phone", "+64215550123");
    post(
            "/v1/db/profile-objects",
            person.token(),
            Map.of("schema", "ss_NZ_Person", "properties", details))
        .expectStatus()
        .isCreated();
    post(
            "/v1/db/profile-objects",
            person.token(),
            Map.of(
                "schema",
                "ss_ContactLocation",
                "properties",
                Map.of(
                    "location_type",
                    "home",
                    "street1",
                    "12 Harbour View Road",
                    "city",
                    "Wellington",
                    "postcode",
                    "6011",
                    "country",
                    "NZ")))
        .expectStatus()
        .isCreated();
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("given_name", "Aroha");
    expected.put("family_name", "Ngata");
    expected.put("birthdate", "1988-03-14");
    expected.put("email", "aroha.ngata@example.org");
    expected.put("phone_number", "+64215550123");
    expected.put(
        "address",
        Map.of(
            "street_address",
            "12 Harbour View Road",
            "locality",
            "Wellington",
            "postal_code",
            "6011",
            "country",
            "NZ",
            "formatted",
            "12 Harbour View Road\nWellington\n6011\nNZ"));

    Map<String, Object> input = new LinkedHashMap<>();
    input.put("issuer", "http://127.0.0.1:" + PORT);
    input.put("client_id", app.get("key"));
    input.put("client_secret", app.get("secret"));
    input.put("a_id", app.get("a_id"));
    input.put("username", person.username());
    input.put("password", PASSWORD);
    input.put("person_token", person.token());
    input.put("u_id", person.uId());
    input.put("admin_token", adminToken());
    input.put("expected", expected);
    Path screenshots = Path.of("target", "playwright").toAbsolutePath();
    input.put("screenshots", screenshots.toString());
    Path file = Files.createTempFile("oidc-rp-", ".json");
    Files.writeString(file, new ObjectMapper().writeValueAsString(input));
    NodeInterop.Outcome outcome = NodeInterop.tool(List.of("node", "oidc-rp.mjs", file.toString()));
    Files.deleteIfExists(file);

    List<String> passed = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (String line : outcome.output().split("\n")) {
      if (line.startsWith("PASS ")) {
        passed.add(line.substring(5).strip());
      } else if (line.startsWith("FAIL ")) {
        failed.add(line.substring(5).strip());
      }
    }
    assertThat(failed)
        .as("failed cases (screenshots in %s); output:%n%s", screenshots, outcome.output())
        .isEmpty();
    assertThat(passed).as("output:%n%s", outcome.output()).containsExactlyElementsOf(CASES);
    assertThat(outcome.output()).contains("SUMMARY " + CASES.size() + "/" + CASES.size());
    assertThat(outcome.exitCode()).isZero();
  }
}

package org.kith.api.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName(
    "OpenID Provider consent: only what the page offers for the requested scopes may be given")
class OidcConsentOfferIT extends OidcTestSupport {

  private String request(App app, String scope) {
    Map<String, String> params = Map.of(
        "response_type", "code",
        "client_id", app.clientId(),
        "redirect_uri", CALLBACK,
        "scope", scope,
        "state", "s",
        "nonce", "n",
        "code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
        "code_challenge_method", "S256");
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
    return location.toString().substring(ProviderEndpoints.CONSENT_PAGE.length());
  }

  @Test
  @DisplayName(
      "an object of another schema, or someone else's, is the same 400 and the request stays open;"
          + " the offered object is then allowed")
  @SuppressWarnings("unchecked")
  void onlyOffered() {
    App app = register(adminToken(), Map.of());
    User person = newUser("oidc-offer");
    User other = newUser("oidc-offer-other");
    String details = person(person, "Aroha");
    String theirs = person(other, "Mere");
    String address = (String) ((Map<?, ?>) post(
                "/v1/db/profile-objects",
                person.token(),
                Map.of(
                    "schema",
                    "ss_ContactLocation",
                    "properties",
                    Map.of(
                        "location_type", "home",
                        "street1", "45 Cuba Street",
                        "city", "Wellington",
                        "country", "NZ")))
            .expectStatus()
            .isCreated()
            .expectBody(List.class)
            .returnResult()
            .getResponseBody()
            .get(0))
        .get("n_id");
    String requestId = request(app, "openid profile");
    get("/v1/oidc/requests/" + requestId, person.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.candidates[*].n_id")
        .isEqualTo(List.of(details));
    for (String wrong : List.of(address, theirs)) {
      post(
              "/v1/oidc/requests/" + requestId + "/allow",
              person.token(),
              Map.of("profile_objects", List.of(details, wrong)))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.errors[0].path")
          .isEqualTo("profile_objects");
    }
    assertThat(get("/v1/aa/instances", person.token())
            .expectBody(List.class)
            .returnResult()
            .getResponseBody())
        .isEmpty();
    Map<?, ?> allowed = post(
            "/v1/oidc/requests/" + requestId + "/allow",
            person.token(),
            Map.of("profile_objects", List.of(details)))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(OidcFlowIT.query((String) allowed.get("redirect_to")).get("code"))
        .isNotBlank();
    // a request for no data (openid alone) may be given no object
    post(
            "/v1/oidc/requests/" + request(app, "openid") + "/allow",
            person.token(),
            Map.of("profile_objects", List.of(details)))
        .expectStatus()
        .isBadRequest();
  }
}

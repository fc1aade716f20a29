package org.kith.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

@DisplayName("/v1/aa/applications: client credentials, organisations, scopes, links")
class ApplicationsIT extends KithIT {
  private static final List<Map<String, Object>> TRANSITIONS = List.of(
      Map.of(
          "state",
          "Submitted",
          "next_states",
          List.of(Map.of("state", "Processing"), Map.of("state", "Rejected"))),
      Map.of("state", "Processing", "next_states", List.of(Map.of("state", "Approved"))));

  @SuppressWarnings("unchecked")
  private Map<String, Object> createApp(User admin) {
    return post(
            "/v1/aa/applications",
            admin.token(),
            Map.of(
                "name",
                "Acme Bank",
                "scopes",
                List.of("kyc"),
                "callback_uri",
                List.of("https://acme.example/callback"),
                "transitions",
                TRANSITIONS,
                "generate_secret",
                true))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
  }

  @Test
  @DisplayName(
      "an application's client credentials read its inbox and instances, nothing else, until it is deleted")
  void clientCredentials() {
    User bank = newUser("bank3");
    User person = newUser("person3");
    Map<String, Object> app = createApp(bank);
    String aId = (String) app.get("a_id");
    String shared = person(person, "Shared");
    String iId = (String) post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(shared)))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
    post(
            "/v1/auth/token",
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                app.get("key"),
                "client_secret",
                "wrong"))
        .expectStatus()
        .isUnauthorized();
    Map<?, ?> tokens = post(
            "/v1/auth/token",
            Map.of(
                "grant_type",
                "client_credentials",
                "client_id",
                app.get("key"),
                "client_secret",
                app.get("secret")))
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(tokens.get("refresh_token")).isNull();
    String appToken = (String) tokens.get("access_token");
    get("/v1/aa/applications/" + aId + "/instances", appToken)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].i_id")
        .isEqualTo(iId);
    get("/v1/aa/instances/" + iId, appToken)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.profile_objects[0].n_id")
        .isEqualTo(shared);
    put("/v1/aa/instances/" + iId, appToken, Map.of("_state", "Rejected"))
        .expectStatus()
        .isOk();
    get("/v1/db/profile-objects", appToken).expectStatus().isForbidden();
    get("/v1/auth/me", appToken).expectStatus().isForbidden();
    delete("/v1/aa/applications/" + aId, bank.token()).expectStatus().isNoContent();
    get("/v1/aa/applications/" + aId + "/instances", appToken).expectStatus().isUnauthorized();
  }

  @Test
  @DisplayName(
      "an organisation's admins administer its applications; its members and others do not")
  void organisationApplications() {
    User admin = newUser("oapp-admin");
    User coAdmin = newUser("oapp-co");
    User outsider = newUser("oapp-out");
    String orgId = organisation(admin.token(), "Org", "org@acme.example");
    post("/v1/aa/applications", outsider.token(), Map.of("name", "Sneaky", "org_id", orgId))
        .expectStatus()
        .isForbidden();
    String aId = (String)
        post("/v1/aa/applications", admin.token(), Map.of("name", "Org app", "org_id", orgId))
            .expectStatus()
            .isCreated()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("a_id");
    get("/v1/aa/applications/" + aId, coAdmin.token()).expectStatus().isNotFound();
    get("/v1/aa/applications/" + aId, outsider.token()).expectStatus().isNotFound();
    get("/v1/aa/applications/" + aId, admin.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.org_id")
        .isEqualTo(orgId);
  }

  @Test
  @DisplayName(
      "scopes per resource server: platform admins define them, everyone signed in reads them")
  void scopes() {
    User someone = newUser("scopes");
    put(
            "/v1/aa/scopes",
            someone.token(),
            Map.of("resource_server", "kith-api", "scopes", List.of(Map.of("value", "kyc"))))
        .expectStatus()
        .isForbidden();
    String admin = adminToken();
    put(
            "/v1/aa/scopes",
            admin,
            Map.of("resource_server", "kith-api", "scopes", List.of(Map.of("value", "bad scope"))))
        .expectStatus()
        .isBadRequest();
    put(
            "/v1/aa/scopes",
            admin,
            Map.of(
                "resource_server",
                "kith-api",
                "name",
                "Kith API",
                "scopes",
                List.of(Map.of("value", "kyc", "description", "identity checks"))))
        .expectStatus()
        .isOk();
    get("/v1/aa/resource-servers", someone.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[?(@.resource_server == 'kith-api')].name")
        .isEqualTo("Kith API");
    get("/v1/aa/scopes?resource_server=kith-api", someone.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].value")
        .isEqualTo("kyc");
  }

  @Test
  @DisplayName(
      "only what the sharer owns or administers can be shared; bad applications are 400 with every error")
  void validation() {
    User bank = newUser("bank2");
    User person = newUser("person2");
    String aId = (String) createApp(bank).get("a_id");
    String bankOwned = person(bank, "BankData");
    post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(bankOwned)))
        .expectStatus()
        .isNotFound();
    post(
            "/v1/db/permissions/" + bankOwned,
            bank.token(),
            Map.of("u_id", person.uId(), "permission", "VIEWS"))
        .expectStatus()
        .isOk();
    post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", aId, "profile_objects", List.of(bankOwned)))
        .expectStatus()
        .isForbidden();
    post(
            "/v1/aa/instances",
            person.token(),
            Map.of("a_id", "nope", "profile_objects", List.of(person(person, "X"))))
        .expectStatus()
        .isNotFound();
    post(
            "/v1/aa/applications",
            bank.token(),
            Map.of(
                "name",
                "Bad",
                "callback_uri",
                List.of("http://evil.example/cb", "relative/path"),
                "transitions",
                List.of(
                    Map.of(
                        "state",
                        "Submitted",
                        "next_states",
                        List.of(Map.of("state", "X", "actions", List.of(Map.of("method", "fax"))))),
                    Map.of("state", "Island"))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors.length()")
        .isEqualTo(2);
    post(
            "/v1/aa/applications",
            bank.token(),
            Map.of(
                "name",
                "Bad",
                "transitions",
                List.of(
                    Map.of(
                        "state",
                        "Submitted",
                        "next_states",
                        List.of(Map.of("state", "X", "actions", List.of(Map.of("method", "fax"))))),
                    Map.of("state", "Island"))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors.length()")
        .isEqualTo(1);
    post(
            "/v1/aa/applications",
            bank.token(),
            Map.of("name", "Local", "callback_uri", List.of("http://localhost:3000/cb")))
        .expectStatus()
        .isCreated();
  }

  @Test
  @DisplayName("links an application keeps: no script, no user name in a URL; the field is named")
  void links() {
    User bank = newUser("links-bank");
    for (String bad : List.of(
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=",
        "vbscript:msgbox(1)",
        "https://bank.example@evil.example/p.png",
        "http://bank.example/p.png",
        "//x/p.png")) {
      post("/v1/aa/applications", bank.token(), Map.of("name", "Pic", "picture", bad))
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType("application/problem+json")
          .expectBody()
          .jsonPath("$.errors[0].path")
          .value(f -> assertThat(String.valueOf(f)).contains("picture"));
    }
    post(
            "/v1/aa/applications",
            bank.token(),
            Map.of("name", "Cb", "callback_uri", List.of("https://bank.example@evil.example/cb")))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].path")
        .value(f -> assertThat(String.valueOf(f)).contains("callback_uri"));
    post(
            "/v1/aa/applications",
            bank.token(),
            Map.of("name", "Pic", "picture", "https://bank.example/p.png"))
        .expectStatus()
        .isCreated();
    post(
            "/v1/aa/applications",
            bank.token(),
            Map.of("name", "Pic", "picture", "data:image/png;base64,iVBORw0KGgo="))
        .expectStatus()
        .isCreated();
  }
}

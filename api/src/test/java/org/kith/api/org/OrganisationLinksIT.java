package org.kith.api.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;
import org.springframework.http.MediaType;

@DisplayName("/v1/org application requests and domains, and /v1/links")
class OrganisationLinksIT extends KithIT {
  @Test
  @DisplayName(
      "application requests are emailed (and re-emailed on resend); white-label domains for admins")
  void requestsAndDomains() {
    User admin = newUser("req-admin");
    User stranger = newUser("req-stranger");
    String orgId = organisation(admin.token(), "Requests", "req@acme.example");
    String applicant = newUsername("applicant");
    Map<?, ?> request = post(
            "/v1/org/" + orgId + "/application-requests",
            admin.token(),
            Map.of(
                "email",
                applicant,
                "page_link",
                "https://acme.example/apply",
                "source",
                "crm",
                "aa_name",
                "Loan"))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(request.get("state")).isEqualTo("sent");
    assertThat(PickupMails.textOf(PickupMails.mailsTo(DATA_DIR, applicant).get(0)))
        .contains("https://acme.example/apply")
        .contains("Loan");
    String code = (String) request.get("short_code");
    get("/v1/org/" + orgId + "/application-requests", admin.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$[0].short_code")
        .isEqualTo(code);
    get("/v1/org/" + orgId + "/application-requests", stranger.token())
        .expectStatus()
        .isNotFound();
    put(
            "/v1/org/" + orgId + "/application-requests/" + code,
            admin.token(),
            Map.of("state", "resend"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.state")
        .isEqualTo("resend");
    assertThat(PickupMails.mailsTo(DATA_DIR, applicant)).hasSize(2);
    put(
            "/v1/org/" + orgId + "/application-requests/" + code,
            admin.token(),
            Map.of("state", "sideways"))
        .expectStatus()
        .isBadRequest();
    put(
            "/v1/org/" + orgId + "/application-requests/nope",
            admin.token(),
            Map.of("state", "complete"))
        .expectStatus()
        .isNotFound();
    post(
            "/v1/org/" + orgId + "/application-requests",
            admin.token(),
            Map.of("email", applicant, "page_link", "ftp://acme.example"))
        .expectStatus()
        .isBadRequest();

    post(
            "/v1/org/" + orgId + "/domains/onboarding.acme.example",
            admin.token(),
            Map.of(
                "name",
                "Acme onboarding",
                "theme",
                Map.of("primary", "#123456"),
                "logo",
                "https://acme.example/logo.png"))
        .expectStatus()
        .isOk();
    get("/v1/org/" + orgId + "/domains/onboarding.acme.example", admin.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.theme.primary")
        .isEqualTo("#123456")
        .jsonPath("$.name")
        .isEqualTo("Acme onboarding");
    post("/v1/org/" + orgId + "/domains/not_a_domain", admin.token(), Map.of("name", "x"))
        .expectStatus()
        .isBadRequest();
    post("/v1/org/" + orgId + "/domains/x.acme.example", stranger.token(), Map.of("name", "x"))
        .expectStatus()
        .isNotFound();
  }

  @Test
  @DisplayName(
      "short links: admins create unguessable ids; 302 or JSON; long URLs only when persisted")
  void links() {
    User admin = newUser("link-admin");
    String orgId = organisation(admin.token(), "Links", "links@acme.example");
    String url = "https://acme.example/onboard?ref=42";
    Map<?, ?> link = post(
            "/v1/org/" + orgId + "/links", admin.token(), Map.of("url", url, "description", "form"))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String id = (String) link.get("link_id");
    assertThat(id).hasSizeGreaterThanOrEqualTo(22);
    http.get()
        .uri("/v1/links/" + id)
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .location(url);
    http.get()
        .uri("/v1/links/" + id)
        .accept(MediaType.APPLICATION_JSON)
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.url")
        .isEqualTo(url);
    http.get().uri("/v1/links/nope").exchange().expectStatus().isNotFound();
    String longUrl = "https://acme.example/?" + "q".repeat(2_100);
    post("/v1/org/" + orgId + "/links", admin.token(), Map.of("url", longUrl))
        .expectStatus()
        .isBadRequest();
    post("/v1/org/" + orgId + "/links", admin.token(), Map.of("url", longUrl, "persist", true))
        .expectStatus()
        .isCreated();
    post("/v1/org/" + orgId + "/links", admin.token(), Map.of("url", "javascript:alert(1)"))
        .expectStatus()
        .isBadRequest();
    User other = newUser("link-other");
    post("/v1/org/" + orgId + "/links", other.token(), Map.of("url", url))
        .expectStatus()
        .isNotFound();
    assertThat(List.of(id)).doesNotContain(orgId);
  }

  @Test
  @DisplayName(
      "POST /v1/links: a person's own short link, followed like an organisation's; bad URLs 400,"
          + " no token 401; audited on the person's trail")
  void personalLinks() {
    User person = newUser("own-link");
    String url = "https://example.org/my-form?x=1";
    Map<?, ?> link = post("/v1/links", person.token(), Map.of("url", url, "persist", false))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String id = (String) link.get("link_id");
    assertThat(link.get("short_link")).isEqualTo("/v1/links/" + id);
    http.get()
        .uri("/v1/links/" + id)
        .exchange()
        .expectStatus()
        .isFound()
        .expectHeader()
        .location(url);
    post("/v1/links", person.token(), Map.of("url", "javascript:alert(1)"))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    post("/v1/links", person.token(), Map.of("url", "https://example.org/?" + "q".repeat(2_100)))
        .expectStatus()
        .isBadRequest();
    post("/v1/links", Map.of("url", url)).expectStatus().isUnauthorized();
    get("/v1/audit/" + person.uId(), person.token())
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .value(body -> assertThat(body).contains("short_link_create").contains(id));
    // the person's own links are part of their data export
    Map<?, ?> export = get("/v1/auth/me/export", person.token())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat((List<?>) export.get("short_links")).singleElement().satisfies(l -> {
      Map<?, ?> m = (Map<?, ?>) l;
      assertThat(m.get("link_id")).isEqualTo(id);
      assertThat(m.get("url")).isEqualTo(url);
      assertThat(m.get("persist")).isEqualTo(false);
      assertThat(m.get("created_at")).isNotNull();
    });
  }
}

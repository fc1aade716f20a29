package org.kith.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.PickupMails;
import org.springframework.http.HttpMethod;

/**
 * The answers of the organisation, group, audit, preference, scope and consent routes validate strictly against
 * the OpenAPI document, with the optional parts both present and absent (null where the wire sends null).
 */
@DisplayName("organisations, groups, scopes and consent answer as documented")
class ContractAnswersIT extends DocumentedAnswers {
  private static final Pattern INVITATION = Pattern.compile("invitation code is: (\\S+)");
  static final List<Map<String, Object>> TRANSITIONS = List.of(
      Map.of("state", "Submitted", "next_states", List.of(Map.of("state", "Processing"))),
      Map.of("state", "Processing", "next_states", List.of(Map.of("state", "Approved"))));

  @Test
  @DisplayName(
      "organisations: create, list, read, change, invite, join, links, application requests, domains")
  void organisations() throws Exception {
    User admin = newUser("contract-org");
    String token = admin.token();
    JsonNode org = exchange(
        HttpMethod.POST,
        "/v1/org",
        "/v1/org",
        token,
        Map.of("name", "Acme", "email", "ops@acme.example"),
        201);
    assertThat(org.has("address")).as("a null address is sent as null").isTrue();
    String orgId = org.path("org_id").asText();
    String base = "/v1/org/" + orgId;
    exchange(HttpMethod.GET, "/v1/org", "/v1/org", token, null, 200);
    exchange(
        HttpMethod.PUT,
        "/v1/org/{orgId}",
        base,
        token,
        Map.of("name", "Acme Ltd", "address", Map.of("street1", "1 Road", "country", "NZ")),
        200);

    User member = newUser("contract-member");
    exchange(
        HttpMethod.POST,
        "/v1/org/{orgId}/invite",
        base + "/invite",
        token,
        Map.of("email", member.username()),
        202);
    var mails = PickupMails.mailsTo(DATA_DIR, member.username());
    Matcher code = INVITATION.matcher(PickupMails.textOf(mails.get(mails.size() - 1)));
    assertThat(code.find()).isTrue();
    exchange(
        HttpMethod.POST,
        "/v1/org/{orgId}/join",
        base + "/join",
        member.token(),
        Map.of("verification_code", code.group(1)),
        200);
    JsonNode detail = exchange(HttpMethod.GET, "/v1/org/{orgId}", base, member.token(), null, 200);
    assertThat(detail.path("members")).hasSize(2);
    assertThat(detail.path("admins")).hasSize(1);

    JsonNode link = exchange(
        HttpMethod.POST,
        "/v1/org/{orgId}/links",
        base + "/links",
        token,
        Map.of("url", "https://acme.example/form"),
        201);
    assertThat(link.path("description").isNull()).isTrue();
    exchange(
        HttpMethod.GET,
        "/v1/links/{linkId}",
        "/v1/links/" + link.path("link_id").asText(),
        null,
        null,
        200);

    JsonNode request = exchange(
        HttpMethod.POST,
        "/v1/org/{orgId}/application-requests",
        base + "/application-requests",
        token,
        Map.of("email", newUsername("applicant"), "page_link", "https://acme.example/apply"),
        201);
    exchange(
        HttpMethod.GET,
        "/v1/org/{orgId}/application-requests",
        base + "/application-requests",
        token,
        null,
        200);
    exchange(
        HttpMethod.PUT,
        "/v1/org/{orgId}/application-requests/{shortCode}",
        base + "/application-requests/" + request.path("short_code").asText(),
        token,
        Map.of("state", "complete"),
        200);
    exchange(
        HttpMethod.POST,
        "/v1/org/{orgId}/domains/{domain}",
        base + "/domains/apply.acme.example",
        token,
        Map.of("name", "Acme onboarding", "theme", Map.of("primary", "#123456", "dark", true)),
        200);
    exchange(
        HttpMethod.GET,
        "/v1/org/{orgId}/domains/{domain}",
        base + "/domains/apply.acme.example",
        token,
        null,
        200);
  }

  @Test
  @DisplayName("groups, nested groups, an audit trail and preferences")
  void groupsAuditAndPreferences() throws Exception {
    User owner = newUser("contract-groups");
    User member = newUser("contract-grouped");
    String token = owner.token();
    String gId = exchange(
            HttpMethod.POST, "/v1/db/groups", "/v1/db/groups", token, Map.of("name", "Family"), 201)
        .path("g_id")
        .asText();
    String inner = group(owner, "Cousins");
    post("/v1/db/groups/" + gId + "/users", token, Map.of("u_id", member.uId()))
        .expectStatus()
        .isNoContent();
    post("/v1/db/groups/" + gId + "/groups", token, Map.of("g_id", inner))
        .expectStatus()
        .isNoContent();
    JsonNode mine =
        exchange(HttpMethod.GET, "/v1/db/groups", "/v1/db/groups", member.token(), null, 200);
    assertThat(mine.path("groups").findValuesAsText("direct")).contains("true");
    exchange(
        HttpMethod.GET,
        "/v1/db/groups/{gId}/users",
        "/v1/db/groups/" + gId + "/users",
        token,
        null,
        200);
    exchange(
        HttpMethod.GET,
        "/v1/db/groups/{gId}/groups",
        "/v1/db/groups/" + gId + "/groups",
        token,
        null,
        200);

    String nId = person(owner, "Audited");
    JsonNode trail =
        exchange(HttpMethod.GET, "/v1/audit/{id}", "/v1/audit/" + nId, token, null, 200);
    assertThat(trail).isNotEmpty();
    assertThat(trail.path(0).has("prev_hash")).isTrue();

    Map<String, Object> preferences =
        Map.of("theme", "dark", "sizes", List.of(1, 2.5), "nested", Map.of("a", 1));
    exchange(HttpMethod.PUT, "/v1/db/preferences", "/v1/db/preferences", token, preferences, 200);
    exchange(HttpMethod.GET, "/v1/db/preferences", "/v1/db/preferences", token, null, 200);
  }

  @Test
  @DisplayName(
      "scopes and resource servers; consent: application, consent screen, share, inbox, move, shares,"
          + " withdraw")
  void scopesAndConsentSteps() throws Exception {
    String admin = adminToken();
    String server = "contract-api-" + System.nanoTime();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("value", "read:contract");
    scope.put("description", "read the contract");
    scope.put("audience_hint", List.of("bank"));
    exchange(
        HttpMethod.PUT,
        "/v1/aa/scopes",
        "/v1/aa/scopes",
        admin,
        Map.of(
            "resource_server",
            server,
            "name",
            "Contract API",
            "scopes",
            List.of(scope, Map.of("value", "write:contract"))),
        200);
    JsonNode scopes = exchange(
        HttpMethod.GET,
        "/v1/aa/scopes",
        "/v1/aa/scopes?resource_server=" + server,
        admin,
        null,
        200);
    assertThat(scopes).hasSize(2);
    assertThat(scopes.path(0).path("audience_hint").path(0).asText()).isEqualTo("bank");
    assertThat(scopes.path(0).path("resource_server").asText()).isEqualTo(server);
    assertThat(scopes.path(1).has("description")).isFalse();
    exchange(
        HttpMethod.GET, "/v1/aa/resource-servers", "/v1/aa/resource-servers", admin, null, 200);

    User bank = newUser("contract-bank");
    User person = newUser("contract-person");
    JsonNode app = exchange(
        HttpMethod.POST,
        "/v1/aa/applications",
        "/v1/aa/applications",
        bank.token(),
        Map.of(
            "name",
            "Contract Bank",
            "scopes",
            List.of("kyc"),
            "callback_uri",
            List.of("https://bank.example/callback"),
            "transitions",
            TRANSITIONS),
        201);
    String aId = app.path("a_id").asText();
    exchange(
        HttpMethod.GET,
        "/v1/aa/applications/{aId}/consent",
        "/v1/aa/applications/" + aId + "/consent",
        person.token(),
        null,
        200);
    String shared = person(person, "Shared");
    JsonNode instance = exchange(
        HttpMethod.POST,
        "/v1/aa/instances",
        "/v1/aa/instances",
        person.token(),
        Map.of("a_id", aId, "profile_objects", List.of(shared)),
        201);
    String iId = instance.path("i_id").asText();
    exchange(
        HttpMethod.GET,
        "/v1/aa/applications/{aId}/instances",
        "/v1/aa/applications/" + aId + "/instances",
        bank.token(),
        null,
        200);
    exchange(HttpMethod.GET, "/v1/aa/instances", "/v1/aa/instances", person.token(), null, 200);
    exchange(
        HttpMethod.GET,
        "/v1/aa/instances/{iId}",
        "/v1/aa/instances/" + iId,
        bank.token(),
        null,
        200);
    exchange(
        HttpMethod.PUT,
        "/v1/aa/instances/{iId}",
        "/v1/aa/instances/" + iId,
        bank.token(),
        Map.of("_state", "Processing", "custom", Map.of("note", "ok")),
        200);
    JsonNode shares = exchange(
        HttpMethod.GET,
        "/v1/aa/profile-objects/{nId}/shares",
        "/v1/aa/profile-objects/" + shared + "/shares",
        person.token(),
        null,
        200);
    assertThat(shares.path(0).path("i_id").asText()).isEqualTo(iId);
    exchange(
        HttpMethod.DELETE,
        "/v1/aa/instances/{iId}",
        "/v1/aa/instances/" + iId,
        person.token(),
        null,
        200);
  }
}

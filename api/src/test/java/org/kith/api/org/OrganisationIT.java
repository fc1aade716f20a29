package org.kith.api.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.api.PickupMails;

@DisplayName("/v1/org: membership, users and roles")
class OrganisationIT extends KithIT {
  private static final Pattern INVITATION = Pattern.compile("invitation code is: (\\S+)");

  private static String invitationCode(String to) {
    var mails = PickupMails.mailsTo(DATA_DIR, to);
    assertThat(mails).isNotEmpty();
    Matcher m = INVITATION.matcher(PickupMails.textOf(mails.get(mails.size() - 1)));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  @DisplayName(
      "create, read as member, change as admin; invitations let existing and new users join")
  void membership() {
    User admin = newUser("org-admin");
    User existing = newUser("org-member");
    User stranger = newUser("org-stranger");
    String orgId = organisation(admin.token(), "Acme", "ops@acme.example");
    get("/v1/org/" + orgId, admin.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("Acme")
        .jsonPath("$.admins[0]")
        .isEqualTo(admin.uId());
    get("/v1/org/" + orgId, stranger.token()).expectStatus().isNotFound();
    post("/v1/org", admin.token(), Map.of("name", "", "email", "nope"))
        .expectStatus()
        .isBadRequest();

    post("/v1/org/" + orgId + "/invite", admin.token(), Map.of("email", existing.username()))
        .expectStatus()
        .isAccepted();
    String code = invitationCode(existing.username());
    post("/v1/org/" + orgId + "/join", stranger.token(), Map.of("verification_code", code))
        .expectStatus()
        .isBadRequest(); // the code is for another address
    post("/v1/org/" + orgId + "/join", existing.token(), Map.of("verification_code", code))
        .expectStatus()
        .isOk();
    post("/v1/org/" + orgId + "/join", existing.token(), Map.of("verification_code", code))
        .expectStatus()
        .isBadRequest(); // used
    get("/v1/org/" + orgId, existing.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.members.length()")
        .isEqualTo(2);
    put("/v1/org/" + orgId, existing.token(), Map.of("name", "Mine now"))
        .expectStatus()
        .isForbidden();
    put("/v1/org/" + orgId, admin.token(), Map.of("name", "Acme Ltd"))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.name")
        .isEqualTo("Acme Ltd");
    post("/v1/org/" + orgId + "/invite", existing.token(), Map.of("email", "x@example.org"))
        .expectStatus()
        .isForbidden();

    String newcomer = newUsername("org-new");
    post("/v1/org/" + orgId + "/invite", admin.token(), Map.of("email", newcomer))
        .expectStatus()
        .isAccepted();
    String newCode = invitationCode(newcomer);
    post(
            "/v1/auth/signup",
            Map.of("username", newcomer, "password", PASSWORD, "verification_code_org", "wrong"))
        .expectStatus()
        .isBadRequest();
    post(
            "/v1/auth/signup",
            Map.of("username", newcomer, "password", PASSWORD, "verification_code_org", newCode))
        .expectStatus()
        .isCreated();
    post(
            "/v1/auth/verify",
            Map.of(
                "username",
                newcomer,
                "verification_code",
                PickupMails.latestCode(DATA_DIR, newcomer, 1)))
        .expectStatus()
        .isOk();
    String token = (String) login(newcomer, PASSWORD).get("access_token");
    get("/v1/org", token)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.organizations[0]")
        .isEqualTo(orgId);
    get("/v1/auth/me", token)
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.organizations[0]")
        .isEqualTo(orgId);
  }

  @Test
  @DisplayName(
      "GET /v1/org/{org_id}/users lists members with their roles, for members only; a stranger gets"
          + " the unknown organisation's 404")
  void users() {
    User admin = newUser("users-admin");
    String orgId = organisation(admin.token(), "Roles", "roles@acme.example");
    get("/v1/org/" + orgId + "/users", admin.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(1)
        .jsonPath("$[0].u_id")
        .isEqualTo(admin.uId())
        .jsonPath("$[0].username")
        .isEqualTo(admin.username())
        .jsonPath("$[0].role")
        .isEqualTo("owner");
    User stranger = newUser("users-stranger");
    String hidden = notFound(get("/v1/org/" + orgId + "/users", stranger.token()), orgId);
    String unknown = "org-that-does-not-exist";
    assertThat(notFound(get("/v1/org/" + unknown + "/users", stranger.token()), unknown))
        .isEqualTo(hidden);
    http.get().uri("/v1/org/" + orgId + "/users").exchange().expectStatus().isUnauthorized();
  }

  private void join(User admin, String orgId, User who) {
    post("/v1/org/" + orgId + "/invite", admin.token(), Map.of("email", who.username()))
        .expectStatus()
        .isAccepted();
    post(
            "/v1/org/" + orgId + "/join",
            who.token(),
            Map.of("verification_code", invitationCode(who.username())))
        .expectStatus()
        .isOk();
  }

  private String roleOf(User reader, String orgId, User who) {
    byte[] body = get("/v1/org/" + orgId + "/users", reader.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .returnResult()
        .getResponseBody();
    List<?> roles = com.jayway.jsonpath.JsonPath.read(
        new String(body, java.nio.charset.StandardCharsets.UTF_8),
        "$[?(@.u_id == '" + who.uId() + "')].role");
    return roles.isEmpty() ? "none" : String.valueOf(roles.get(0));
  }

  @Test
  @DisplayName(
      "roles: admins promote, the owner demotes and removes admins, members leave, the owner hands over;"
          + " every change on the organisation's trail, which its admins read")
  void roles() {
    User owner = newUser("roles-owner");
    User alice = newUser("roles-alice");
    User bob = newUser("roles-bob");
    String orgId = organisation(owner.token(), "Roles2", "roles2@acme.example");
    join(owner, orgId, alice);
    join(owner, orgId, bob);
    // alice's organisations page too: the first of two, then the second with no further link
    String other = organisation(alice.token(), "Other", "other@acme.example");
    var mine = get("/v1/org?limit=1", alice.token())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult();
    String mineLink = mine.getResponseHeaders().getFirst("Link");
    assertThat(mineLink).isNotNull().contains((String) mine.getResponseBody().get("next_cursor"));
    var mine2 = get(mineLink.substring(1, mineLink.indexOf('>')), alice.token())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult();
    assertThat(mine2.getResponseHeaders().getFirst("Link")).isNull();
    assertThat(List.of(
            mine.getResponseBody().get("organizations"),
            mine2.getResponseBody().get("organizations")))
        .asString()
        .contains(orgId, other);
    // the member list pages by username: 2, then 1 with no further link
    var first = get("/v1/org/" + orgId + "/users?limit=2", bob.token())
        .expectStatus()
        .isOk()
        .expectBody(
            new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult();
    String link = first.getResponseHeaders().getFirst("Link");
    assertThat(first.getResponseBody()).hasSize(2);
    assertThat(link).isNotNull().endsWith(">; rel=\"next\"");
    var second = get(link.substring(1, link.indexOf('>')), bob.token())
        .expectStatus()
        .isOk()
        .expectBody(
            new org.springframework.core.ParameterizedTypeReference<List<Map<String, Object>>>() {})
        .returnResult();
    assertThat(second.getResponseBody()).hasSize(1);
    assertThat(second.getResponseHeaders().getFirst("Link")).isNull();
    assertThat(second.getResponseBody()).doesNotContainAnyElementsOf(first.getResponseBody());
    String users = "/v1/org/" + orgId + "/users/";
    put(users + bob.uId(), alice.token(), Map.of("role", "admin"))
        .expectStatus()
        .isForbidden();
    put(users + alice.uId(), owner.token(), Map.of("role", "admin"))
        .expectStatus()
        .isNoContent();
    assertThat(roleOf(bob, orgId, alice)).isEqualTo("admin");
    put(users + bob.uId(), alice.token(), Map.of("role", "admin"))
        .expectStatus()
        .isNoContent();
    put(users + bob.uId(), alice.token(), Map.of("role", "member"))
        .expectStatus()
        .isForbidden();
    put(users + owner.uId(), alice.token(), Map.of("role", "member"))
        .expectStatus()
        .isEqualTo(409);
    put(users + bob.uId(), owner.token(), Map.of("role", "owner"))
        .expectStatus()
        .isBadRequest();
    put(users + bob.uId(), owner.token(), Map.of("role", "member"))
        .expectStatus()
        .isNoContent();
    delete(users + bob.uId(), bob.token()).expectStatus().isNoContent(); // bob leaves
    assertThat(roleOf(owner, orgId, bob)).isEqualTo("none");
    get("/v1/org/" + orgId, bob.token()).expectStatus().isNotFound();
    delete(users + owner.uId(), owner.token()).expectStatus().isEqualTo(409);
    post("/v1/org/" + orgId + "/owner", alice.token(), Map.of("u_id", alice.uId()))
        .expectStatus()
        .isForbidden();
    post("/v1/org/" + orgId + "/owner", owner.token(), Map.of("u_id", alice.uId()))
        .expectStatus()
        .isNoContent();
    assertThat(roleOf(owner, orgId, alice)).isEqualTo("owner");
    assertThat(roleOf(owner, orgId, owner)).isEqualTo("admin");
    delete(users + owner.uId(), alice.token()).expectStatus().isNoContent();
    User stranger = newUser("roles-stranger");
    String hidden = notFound(delete(users + alice.uId(), stranger.token()), orgId);
    assertThat(hidden).contains("no such organisation");
    get("/v1/audit/" + orgId, alice.token())
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Kith-Audit-Chain", "valid")
        .expectBody()
        .jsonPath("$[0].event_type")
        .isEqualTo("org_member_remove")
        .jsonPath("$[1].event_type")
        .isEqualTo("org_owner_transfer")
        .jsonPath("$[?(@.event_type == 'org_role_change')].event.u_id")
        .value(ids -> assertThat(String.valueOf(ids)).contains(alice.uId(), bob.uId()));
    get("/v1/audit/" + orgId, owner.token()).expectStatus().isNotFound();
  }
}

package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

/**
 * {@code GET /v1/auth/me} answers from caches (verified tokens, live sessions, memberships): every change must
 * show in the very next answer after it was acknowledged, never a remembered one.
 */
@DisplayName("who-am-I: served from caches, yet exact after every change")
class WhoAmIIT extends KithIT {
  @Test
  @DisplayName(
      "a group or organisation shows as soon as it is joined and is gone as soon as it is left")
  void membershipsFollowChanges() {
    User owner = newUser("me-owner");
    User member = newUser("me-member");
    String g = group(owner, "me-team");
    // answered twice first, so a remembered answer exists before each change
    assertThat(groupsOf(member.token())).doesNotContain(g);
    assertThat(groupsOf(member.token())).doesNotContain(g);
    post("/v1/db/groups/" + g + "/users", owner.token(), Map.of("u_id", member.uId()))
        .expectStatus()
        .isNoContent();
    assertThat(groupsOf(member.token())).contains(g);
    delete("/v1/db/groups/" + g + "/users/" + member.uId(), member.token())
        .expectStatus()
        .isNoContent();
    assertThat(groupsOf(member.token())).doesNotContain(g);

    assertThat(me(member.token()).get("organizations").toString()).isEqualTo("[]");
    String orgId = organisation(member.token(), "Who am I", "me@acme.example");
    assertThat(me(member.token()).get("organizations").toString()).contains(orgId);
  }

  @Test
  @DisplayName(
      "a session's token is refused from the moment its logout returns, though it was just served")
  void revokedSessionRefusedAtOnce() {
    String name = newUsername("me-logout");
    signupVerified(name);
    Map<String, Object> tokens = login(name, PASSWORD);
    String access = (String) tokens.get("access_token");
    get("/v1/auth/me", access).expectStatus().isOk();
    get("/v1/auth/me", access).expectStatus().isOk();
    post("/v1/auth/logout", access, Map.of()).expectStatus().isNoContent();
    get("/v1/auth/me", access).expectStatus().isUnauthorized();
    post(
            "/v1/auth/token",
            Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")))
        .expectStatus()
        .isUnauthorized();
  }

  private Map<?, ?> me(String token) {
    Map<?, ?> body = get("/v1/auth/me", token)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat(body).isNotNull();
    return body;
  }

  private String groupsOf(String token) {
    return String.valueOf(me(token).get("groups"));
  }
}

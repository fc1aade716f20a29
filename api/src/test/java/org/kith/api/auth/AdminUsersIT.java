package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@DisplayName("/v1/admin/users")
class AdminUsersIT extends KithIT {

  private WebTestClient.ResponseSpec disable(String token, String uId, Object body) {
    return post("/v1/admin/users/" + uId + "/disable", token, body);
  }

  private String pat(User user) {
    return (String) post(
            "/v1/auth/personal-access-tokens",
            user.token(),
            Map.of("name", "script", "scopes", List.of("read", "write")))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("token");
  }

  @Test
  @DisplayName(
      "a disabled account's tokens are refused at once, refresh and login too; enabling lets it log in")
  void disableAndEnable() {
    String admin = adminToken();
    User user = newUser("disabled-by-admin");
    Map<String, Object> tokens = login(user.username(), PASSWORD);
    String pat = pat(user);

    disable(admin, user.uId(), Map.of("reason", "reported as stolen"))
        .expectStatus()
        .isOk();
    get("/v1/auth/me", user.token()).expectStatus().isUnauthorized();
    get("/v1/auth/me", pat).expectStatus().isUnauthorized();
    post(
            "/v1/auth/token",
            Map.of("grant_type", "refresh_token", "refresh_token", tokens.get("refresh_token")))
        .expectStatus()
        .isUnauthorized();
    post(
            "/v1/auth/token",
            Map.of("grant_type", "password", "username", user.username(), "password", PASSWORD))
        .expectStatus()
        .isForbidden()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.type")
        .value(t -> assertThat((String) t).endsWith("account-disabled"))
        .jsonPath("$.detail")
        .value(d -> assertThat((String) d).contains("disabled by an administrator"));

    post("/v1/admin/users/" + user.uId() + "/enable", admin, Map.of())
        .expectStatus()
        .isOk();
    String fresh = (String) login(user.username(), PASSWORD).get("access_token");
    get("/v1/auth/me", fresh).expectStatus().isOk();
    // sessions ended by disabling stay ended; personal access tokens work again
    get("/v1/auth/me", user.token()).expectStatus().isUnauthorized();
    get("/v1/auth/me", pat).expectStatus().isOk();

    String trail = get("/v1/audit/" + user.uId(), fresh)
        .expectStatus()
        .isOk()
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
    assertThat(trail).contains("\"account_disable\"", "reported as stolen", "\"account_enable\"");
  }

  @Test
  @DisplayName(
      "non-admins get 403; bad input is a problem and changes nothing; unknown ids are 404")
  void refusals() {
    User user = newUser("admin-refusals");
    User other = newUser("admin-refusals-other");
    disable(user.token(), other.uId(), Map.of("reason", "x")).expectStatus().isForbidden();
    post("/v1/admin/users/" + other.uId() + "/enable", user.token(), Map.of())
        .expectStatus()
        .isForbidden();
    get("/v1/admin/users?q=admin", user.token()).expectStatus().isForbidden();
    get("/v1/auth/me", other.token()).expectStatus().isOk();

    String admin = adminToken();
    disable(admin, other.uId(), Map.of("reason", "  "))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    disable(admin, other.uId(), Map.of()).expectStatus().isBadRequest();
    disable(admin, other.uId(), Map.of("reason", "r".repeat(501)))
        .expectStatus()
        .isBadRequest();
    get("/v1/auth/me", other.token()).expectStatus().isOk(); // nothing changed

    String meId = (String) get("/v1/auth/me", admin)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("u_id");
    disable(admin, meId, Map.of("reason", "oops")).expectStatus().isBadRequest();
    get("/v1/auth/me", admin).expectStatus().isOk();

    disable(admin, "no-such-user", Map.of("reason", "x"))
        .expectStatus()
        .isNotFound()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    http.post()
        .uri("/v1/admin/users/" + other.uId() + "/disable")
        .contentType(MediaType.APPLICATION_JSON)
        .bodyValue(Map.of("reason", "x"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
  }

  @Test
  @DisplayName("searches by username prefix, bounded and paginated")
  @SuppressWarnings("unchecked")
  void search() {
    String admin = adminToken();
    String prefix = "srch" + System.nanoTime();
    for (String n : List.of("a", "b", "c")) {
      signup(prefix + n + "@example.org");
    }
    Map<String, Object> first = get(
            "/v1/admin/users?q=" + prefix.toUpperCase(java.util.Locale.ROOT) + "&limit=2", admin)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    List<Map<String, Object>> users = (List<Map<String, Object>>) first.get("users");
    assertThat(users)
        .extracting(u -> u.get("username"))
        .containsExactly(prefix + "a@example.org", prefix + "b@example.org");
    assertThat(users.get(0)).containsKeys("u_id", "verified", "disabled", "created_at");
    Map<String, Object> second = get(
            "/v1/admin/users?q=" + prefix + "&limit=2&after=" + first.get("next"), admin)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat((List<Map<String, Object>>) second.get("users"))
        .extracting(u -> u.get("username"))
        .containsExactly(prefix + "c@example.org");
    assertThat(second.get("next")).isNull();

    get("/v1/admin/users?q=" + prefix + "&limit=0", admin).expectStatus().isBadRequest();
    get("/v1/admin/users?q=" + prefix + "&limit=101", admin).expectStatus().isBadRequest();
    get("/v1/admin/users", admin).expectStatus().isBadRequest();
    get("/v1/admin/users?q=", admin).expectStatus().isBadRequest();
  }
}

package org.kith.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Every /v1/db route of the permission graph against every kind of caller: owner, admin, editor, viewer,
 * group member, member of a group nested in that group, cascade viewer, PUBLIC (via a public object), stranger and anonymous. Denials are 404 when
 * the caller may not know the object exists, 403 when it may, 401 without credentials.
 */
@DisplayName("authorization matrix of the permission graph")
class AuthorizationMatrixIT extends KithIT {
  private final List<String> failures = new ArrayList<>();

  private int status(
      HttpMethod method, String path, @Nullable String token, @Nullable Object body) {
    WebTestClient.RequestBodySpec spec = http.method(method).uri(path);
    if (token != null) {
      spec.headers(h -> h.setBearerAuth(token));
    }
    WebTestClient.ResponseSpec response = body == null
        ? spec.exchange()
        : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    return response.returnResult(String.class).getStatus().value();
  }

  private void expect(
      String who,
      int expected,
      HttpMethod method,
      String path,
      @Nullable String token,
      @Nullable Object body) {
    int actual = status(method, path, token, body);
    if (actual != expected) {
      failures.add(who + " " + method + " " + path + ": expected " + expected + ", got " + actual);
    }
  }

  private String grant(User owner, String nId, Map<String, Object> body) {
    Map<?, ?> r = post("/v1/db/permissions/" + nId, owner.token(), body)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    return (String) ((Map<?, ?>) ((List<?>) r.get("relationships")).get(0)).get("p_id");
  }

  @Test
  @DisplayName("allows and denies exactly as the contract says")
  void matrix() {
    User owner = newUser("owner");
    User admin = newUser("admin");
    User editor = newUser("editor");
    User viewer = newUser("viewer");
    User member = newUser("member");
    User nested = newUser("nested");
    User cascade = newUser("cascade");
    User stranger = newUser("stranger");
    User target = newUser("target");
    String a = person(owner, "A");
    String b = person(owner, "B");
    String pub = person(owner, "Public");
    post("/v1/db/relationships", owner.token(), Map.of("from", a, "to", b, "type", "HAS_CHILD"))
        .expectStatus()
        .isCreated();
    // cascade: false keeps these grants on A alone; the cascade viewer's grant has the default
    // (true)
    grant(owner, a, Map.of("u_id", admin.uId(), "permission", "ADMINS", "cascade", false));
    grant(owner, a, Map.of("u_id", editor.uId(), "permission", "EDITS", "cascade", false));
    String viewerGrant =
        grant(owner, a, Map.of("u_id", viewer.uId(), "permission", "VIEWS", "cascade", false));
    grant(owner, a, Map.of("u_id", cascade.uId(), "permission", "VIEWS"));
    grant(owner, pub, Map.of("g_id", "PUBLIC", "permission", "VIEWS"));
    String group = group(owner, "family");
    post("/v1/db/groups/" + group + "/users", owner.token(), Map.of("u_id", member.uId()))
        .expectStatus()
        .isNoContent();
    grant(owner, a, Map.of("g_id", group, "permission", "VIEWS", "cascade", false));
    String inner = group(owner, "cousins");
    post("/v1/db/groups/" + inner + "/users", owner.token(), Map.of("u_id", nested.uId()))
        .expectStatus()
        .isNoContent();
    post("/v1/db/groups/" + group + "/groups", owner.token(), Map.of("g_id", inner))
        .expectStatus()
        .isNoContent();

    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("owner", owner.token());
    callers.put("admin", admin.token());
    callers.put("editor", editor.token());
    callers.put("viewer", viewer.token());
    callers.put("member", member.token());
    callers.put("nested", nested.token());
    callers.put("cascade", cascade.token());
    callers.put("stranger", stranger.token());
    callers.put("anonymous", null);
    Map<String, Object> update = Map.of(
        "properties",
        Map.of("given_names", "A2", "family_name", "T", "date_of_birth", "1990-01-02"));
    // who: read A, update A, read B (child), grant on A, list grants of A, audit of A, read public
    // object
    Map<String, int[]> table = new LinkedHashMap<>();
    table.put("owner", new int[] {200, 200, 200, 200, 200, 200, 200});
    table.put("admin", new int[] {200, 200, 404, 200, 200, 200, 200});
    table.put("editor", new int[] {200, 200, 404, 403, 403, 404, 200});
    table.put("viewer", new int[] {200, 403, 404, 403, 403, 404, 200});
    table.put("member", new int[] {200, 403, 404, 403, 403, 404, 200});
    table.put("nested", new int[] {200, 403, 404, 403, 403, 404, 200});
    table.put("cascade", new int[] {200, 403, 200, 403, 403, 404, 200});
    table.put("stranger", new int[] {404, 404, 404, 404, 404, 404, 200});
    table.put("anonymous", new int[] {401, 401, 401, 401, 401, 401, 401});
    table.forEach((who, e) -> {
      String t = callers.get(who);
      expect(who, e[0], HttpMethod.GET, "/v1/db/profile-objects/" + a, t, null);
      expect(who, e[1], HttpMethod.PUT, "/v1/db/profile-objects/" + a, t, update);
      expect(who, e[2], HttpMethod.GET, "/v1/db/profile-objects/" + b, t, null);
      expect(
          who,
          e[3],
          HttpMethod.POST,
          "/v1/db/permissions/" + a,
          t,
          Map.of("u_id", target.uId(), "permission", "VIEWS"));
      expect(who, e[4], HttpMethod.GET, "/v1/db/permissions/" + a, t, null);
      expect(who, e[5], HttpMethod.GET, "/v1/audit/" + a, t, null);
      expect(who, e[6], HttpMethod.GET, "/v1/db/profile-objects/" + pub, t, null);
    });
    // the target was granted VIEWS on A by the checks above (owner and admin granted it): take it
    // back
    List<?> grants = (List<?>) get("/v1/db/permissions/" + a, owner.token())
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("permissions");
    grants.stream()
        .map(g -> (Map<?, ?>) g)
        .filter(g -> target.uId().equals(g.get("u_id")))
        .forEach(g -> expect(
            "owner",
            204,
            HttpMethod.DELETE,
            "/v1/db/permissions/" + g.get("p_id"),
            owner.token(),
            null));
    expect("target", 404, HttpMethod.GET, "/v1/db/profile-objects/" + a, target.token(), null);
    // public routes: only PUBLIC's objects, no auth needed
    expect("anonymous", 200, HttpMethod.GET, "/v1/public/profile-objects/" + pub, null, null);
    expect("anonymous", 404, HttpMethod.GET, "/v1/public/profile-objects/" + a, null, null);
    expect("viewer", 404, HttpMethod.GET, "/v1/public/profile-objects/" + a, viewer.token(), null);
    // revoking: only administrators (or the holder itself); never IS_OWNER
    // an editor cannot list the grants, so it may not learn that one exists either
    expect(
        "editor",
        404,
        HttpMethod.DELETE,
        "/v1/db/permissions/" + viewerGrant,
        editor.token(),
        null);
    expect(
        "stranger",
        404,
        HttpMethod.DELETE,
        "/v1/db/permissions/" + viewerGrant,
        stranger.token(),
        null);
    String ownerGrant = (String) grants.stream()
        .map(g -> (Map<?, ?>) g)
        .filter(g -> "IS_OWNER".equals(g.get("permission")))
        .findFirst()
        .orElseThrow()
        .get("p_id");
    expect(
        "admin", 403, HttpMethod.DELETE, "/v1/db/permissions/" + ownerGrant, admin.token(), null);
    expect(
        "admin", 204, HttpMethod.DELETE, "/v1/db/permissions/" + viewerGrant, admin.token(), null);
    expect("viewer", 404, HttpMethod.GET, "/v1/db/profile-objects/" + a, viewer.token(), null);
    // relationships need ADMINS on both ends
    String editorsOwn = person(editor, "E");
    expect(
        "editor",
        403,
        HttpMethod.POST,
        "/v1/db/relationships",
        editor.token(),
        Map.of("from", a, "to", editorsOwn, "type", "LINK"));
    expect(
        "stranger",
        404,
        HttpMethod.POST,
        "/v1/db/relationships",
        stranger.token(),
        Map.of("from", a, "to", editorsOwn, "type", "LINK"));
    // groups: members see members; only the owner changes them; strangers learn nothing
    expect(
        "member", 200, HttpMethod.GET, "/v1/db/groups/" + group + "/users", member.token(), null);
    expect(
        "nested", 200, HttpMethod.GET, "/v1/db/groups/" + group + "/users", nested.token(), null);
    expect(
        "nested",
        403,
        HttpMethod.POST,
        "/v1/db/groups/" + group + "/users",
        nested.token(),
        Map.of("u_id", stranger.uId()));
    expect(
        "nested",
        403,
        HttpMethod.POST,
        "/v1/db/groups/" + group + "/groups",
        nested.token(),
        Map.of("g_id", inner));
    expect(
        "stranger",
        404,
        HttpMethod.POST,
        "/v1/db/groups/" + group + "/groups",
        stranger.token(),
        Map.of("g_id", inner));
    expect(
        "stranger",
        404,
        HttpMethod.DELETE,
        "/v1/db/groups/" + group + "/groups/" + inner,
        stranger.token(),
        null);
    expect(
        "stranger",
        404,
        HttpMethod.GET,
        "/v1/db/groups/" + group + "/users",
        stranger.token(),
        null);
    expect(
        "member",
        403,
        HttpMethod.POST,
        "/v1/db/groups/" + group + "/users",
        member.token(),
        Map.of("u_id", stranger.uId()));
    expect("member", 403, HttpMethod.DELETE, "/v1/db/groups/" + group, member.token(), null);
    // ownership: only the owner transfers; admins cannot
    expect(
        "admin",
        403,
        HttpMethod.PUT,
        "/v1/db/owner/" + a,
        admin.token(),
        Map.of("u_id", admin.uId()));
    expect("stranger", 404, HttpMethod.DELETE, "/v1/db/owner/" + a, stranger.token(), null);
    // deletion: ADMINS or owner
    expect("editor", 403, HttpMethod.DELETE, "/v1/db/profile-objects/" + a, editor.token(), null);
    expect(
        "stranger", 404, HttpMethod.DELETE, "/v1/db/profile-objects/" + a, stranger.token(), null);
    // deleting the group removes its grants: the member loses access
    expect("member", 200, HttpMethod.GET, "/v1/db/profile-objects/" + a, member.token(), null);
    expect("owner", 204, HttpMethod.DELETE, "/v1/db/groups/" + group, owner.token(), null);
    expect("member", 404, HttpMethod.GET, "/v1/db/profile-objects/" + a, member.token(), null);
    expect("nested", 404, HttpMethod.GET, "/v1/db/profile-objects/" + a, nested.token(), null);
    expect("admin", 204, HttpMethod.DELETE, "/v1/db/profile-objects/" + a, admin.token(), null);
    expect("owner", 404, HttpMethod.GET, "/v1/db/profile-objects/" + a, owner.token(), null);
    assertThat(failures).isEmpty();
  }
}

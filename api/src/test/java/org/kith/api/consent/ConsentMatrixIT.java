package org.kith.api.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
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
 * Every /v1/aa and /v1/org route against every kind of caller: data owner, the application's administrator,
 * the application itself (client credentials), a stranger and an anonymous caller. 404 where the caller may not
 * know the thing exists, 403 where it may, 401 without credentials.
 */
@DisplayName("authorization matrix of consent and organisations")
class ConsentMatrixIT extends KithIT {
  private final List<String> failures = new ArrayList<>();

  private void expect(
      String who,
      int expected,
      HttpMethod method,
      String path,
      @Nullable String token,
      @Nullable Object body) {
    WebTestClient.RequestBodySpec spec = http.method(method).uri(path);
    if (token != null) {
      spec.headers(h -> h.setBearerAuth(token));
    }
    int actual = (body == null
            ? spec.exchange()
            : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange())
        .returnResult(String.class)
        .getStatus()
        .value();
    if (actual != expected) {
      failures.add(who + " " + method + " " + path + ": expected " + expected + ", got " + actual);
    }
  }

  @Test
  @DisplayName("owner, recipient admin, application, stranger, anonymous")
  void matrix() {
    User owner = newUser("mx-owner");
    User admin = newUser("mx-admin");
    User stranger = newUser("mx-stranger");
    Map<?, ?> app = post(
            "/v1/aa/applications",
            admin.token(),
            Map.of(
                "name",
                "Matrix",
                "generate_secret",
                true,
                "transitions",
                List.of(
                    Map.of("state", "Submitted", "next_states", List.of(Map.of("state", "A"))),
                    Map.of("state", "A", "next_states", List.of(Map.of("state", "B"))))))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    String aId = (String) app.get("a_id");
    String appToken = (String) post(
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
        .getResponseBody()
        .get("access_token");
    Map<?, ?> created = (Map<?, ?>) post(
            "/v1/db/profile-objects",
            owner.token(),
            Map.of(
                "schema",
                "ss_NZ_Person",
                "properties",
                Map.of("given_names", "M", "family_name", "X", "date_of_birth", "1990-01-02"),
                "document",
                Map.of(
                    "content",
                    Base64.getEncoder().encodeToString("doc".getBytes()),
                    "type",
                    "text/plain")))
        .expectStatus()
        .isCreated()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody()
        .get(0);
    String nId = (String) created.get("n_id");
    String iId = (String) post(
            "/v1/aa/instances", owner.token(), Map.of("a_id", aId, "profile_objects", List.of(nId)))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("i_id");
    String orgId = organisation(admin.token(), "MxOrg", "mx@acme.example");

    Map<String, @Nullable String> who = new LinkedHashMap<>();
    who.put("owner", owner.token());
    who.put("admin", admin.token());
    who.put("app", appToken);
    who.put("stranger", stranger.token());
    who.put("anonymous", null);
    // expected statuses in the order owner, admin, app, stranger, anonymous
    Object[][] routes = {
      {HttpMethod.GET, "/v1/aa/applications/" + aId, null, new int[] {404, 200, 403, 404, 401}},
      {
        HttpMethod.PUT,
        "/v1/aa/applications/" + aId,
        Map.of(
            "name",
            "Matrix",
            "transitions",
            List.of(
                Map.of("state", "Submitted", "next_states", List.of(Map.of("state", "A"))),
                Map.of("state", "A", "next_states", List.of(Map.of("state", "B"))))),
        new int[] {404, 200, 403, 404, 401}
      },
      {HttpMethod.GET, "/v1/aa/applications", null, new int[] {200, 200, 403, 200, 401}},
      {
        HttpMethod.GET,
        "/v1/aa/applications/" + aId + "/instances",
        null,
        new int[] {404, 200, 200, 404, 401}
      },
      {
        HttpMethod.GET,
        "/v1/aa/applications/" + aId + "/dead-letters",
        null,
        new int[] {404, 200, 403, 404, 401}
      },
      {HttpMethod.GET, "/v1/aa/instances", null, new int[] {200, 200, 403, 200, 401}},
      {HttpMethod.GET, "/v1/aa/instances/" + iId, null, new int[] {200, 200, 200, 404, 401}},
      {
        HttpMethod.GET,
        "/v1/aa/instances/" + iId + "/profile-objects/" + nId + "/content",
        null,
        new int[] {404, 200, 200, 404, 401}
      },
      {
        HttpMethod.GET,
        "/v1/aa/profile-objects/" + nId + "/shares",
        null,
        new int[] {200, 404, 403, 404, 401}
      },
      {
        HttpMethod.POST,
        "/v1/aa/instances",
        Map.of("a_id", aId, "profile_objects", List.of(nId)),
        new int[] {201, 404, 403, 404, 401}
      },
      {HttpMethod.GET, "/v1/org/" + orgId, null, new int[] {404, 200, 403, 404, 401}},
      {
        HttpMethod.PUT,
        "/v1/org/" + orgId,
        Map.of("name", "MxOrg"),
        new int[] {404, 200, 403, 404, 401}
      },
      {
        HttpMethod.POST,
        "/v1/org/" + orgId + "/links",
        Map.of("url", "https://acme.example/x"),
        new int[] {404, 201, 403, 404, 401}
      },
      {HttpMethod.GET, "/v1/auth/me", null, new int[] {200, 200, 403, 200, 401}},
    };
    for (Object[] route : routes) {
      int[] expected = (int[]) route[3];
      int i = 0;
      for (var caller : who.entrySet()) {
        expect(
            caller.getKey(),
            expected[i++],
            (HttpMethod) route[0],
            (String) route[1],
            caller.getValue(),
            route[2]);
      }
    }
    // moves: owner 403 (knows the instance, not its recipient), stranger 404, anonymous 401, admin
    // and app 200
    expect(
        "owner",
        403,
        HttpMethod.PUT,
        "/v1/aa/instances/" + iId,
        owner.token(),
        Map.of("_state", "A"));
    expect(
        "stranger",
        404,
        HttpMethod.PUT,
        "/v1/aa/instances/" + iId,
        stranger.token(),
        Map.of("_state", "A"));
    expect(
        "anonymous", 401, HttpMethod.PUT, "/v1/aa/instances/" + iId, null, Map.of("_state", "A"));
    expect(
        "admin",
        200,
        HttpMethod.PUT,
        "/v1/aa/instances/" + iId,
        admin.token(),
        Map.of("_state", "A"));
    expect("app", 200, HttpMethod.PUT, "/v1/aa/instances/" + iId, appToken, Map.of("_state", "B"));
    // withdrawal: only the owner
    expect("admin", 403, HttpMethod.DELETE, "/v1/aa/instances/" + iId, admin.token(), null);
    expect("app", 403, HttpMethod.DELETE, "/v1/aa/instances/" + iId, appToken, null);
    expect("stranger", 404, HttpMethod.DELETE, "/v1/aa/instances/" + iId, stranger.token(), null);
    expect("anonymous", 401, HttpMethod.DELETE, "/v1/aa/instances/" + iId, null, null);
    expect("owner", 200, HttpMethod.DELETE, "/v1/aa/instances/" + iId, owner.token(), null);
    expect(
        "app",
        404,
        HttpMethod.GET,
        "/v1/aa/instances/" + iId + "/profile-objects/" + nId + "/content",
        appToken,
        null);
    // deleting the application: only its administrator
    expect(
        "stranger", 404, HttpMethod.DELETE, "/v1/aa/applications/" + aId, stranger.token(), null);
    expect("owner", 404, HttpMethod.DELETE, "/v1/aa/applications/" + aId, owner.token(), null);
    expect("app", 403, HttpMethod.DELETE, "/v1/aa/applications/" + aId, appToken, null);
    expect("admin", 204, HttpMethod.DELETE, "/v1/aa/applications/" + aId, admin.token(), null);
    assertThat(failures).isEmpty();
  }
}

package org.kith.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

@DisplayName("/v1/db/profile-objects: reading many, and expanding to related objects")
class ProfileReadsIT extends KithIT {
  @Nested
  @DisplayName("read many")
  class ReadMany {
    @Test
    @DisplayName(
        "pages through what the caller sees with a stable cursor, with relationships among the page")
    void pages() {
      User gu = newUser("gu");
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ids.add(person(gu, "P" + i));
      }
      post(
              "/v1/db/relationships",
              gu.token(),
              Map.of("from", ids.get(0), "to", ids.get(1), "type", "KNOWS"))
          .expectStatus()
          .isCreated();
      List<String> seen = new ArrayList<>();
      String cursor = null;
      for (int page = 0; page < 10; page++) {
        Map<?, ?> body = post(
                "/v1/db/profile-objects/read",
                gu.token(),
                cursor == null
                    ? Map.of("limit", 2, "permissions", List.of("IS_OWNER"))
                    : Map.of("limit", 2, "cursor", cursor, "permissions", List.of("IS_OWNER")))
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody();
        ((List<?>) body.get("profile_objects"))
            .forEach(o -> seen.add((String) ((Map<?, ?>) o).get("n_id")));
        cursor = (String) body.get("next_cursor");
        if (cursor == null) {
          break;
        }
      }
      assertThat(seen).containsExactlyInAnyOrderElementsOf(ids).doesNotHaveDuplicates();
      post(
              "/v1/db/profile-objects/read",
              gu.token(),
              Map.of(
                  "profile_objects",
                  List.of(Map.of("n_id", ids.get(0)), Map.of("n_id", ids.get(1)))))
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.profile_objects.length()")
          .isEqualTo(2)
          .jsonPath("$.relationships[0].type")
          .isEqualTo("KNOWS")
          .jsonPath("$.relationships[0].start")
          .isEqualTo(ids.get(0));
      // only the caller's own objects: other tests publish objects to everyone in this shared
      // database
      http.get()
          .uri(
              "/v1/db/profile-objects?format=kvp&limit=1&permissions=IS_OWNER&format_map={fm}",
              "{\"first\":\"given_names\"}") // the reference's direction: output → property
          .headers(h -> h.setBearerAuth(gu.token()))
          .exchange()
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.profile_objects[0].properties[?(@.key == 'first')]")
          .exists()
          .jsonPath("$.profile_objects[0].properties[?(@.key == 'given_names')]")
          .doesNotExist()
          .jsonPath("$.profile_objects[0].properties[?(@.key == 'family_name')]")
          .exists();
      get("/v1/db/profile-objects?limit=5000", gu.token()).expectStatus().isBadRequest();
    }
  }

  @Test
  @DisplayName(
      "expand (the default) adds the related objects the caller may see, and only their relationships;"
          + " expand=false reads the object alone")
  void expand() {
    User owner = newUser("ex-owner");
    User reader = newUser("ex-reader");
    String a = person(owner, "A");
    String b = person(owner, "B");
    String c = person(owner, "C");
    post("/v1/db/relationships", owner.token(), Map.of("from", a, "to", b, "type", "KNOWS"))
        .expectStatus()
        .isCreated();
    post("/v1/db/relationships", owner.token(), Map.of("from", c, "to", a, "type", "PARENT_OF"))
        .expectStatus()
        .isCreated();
    for (String nId : List.of(a, b)) {
      post(
              "/v1/db/permissions/" + nId,
              owner.token(),
              Map.of("u_id", reader.uId(), "permission", "VIEWS"))
          .expectStatus()
          .isOk();
    }
    get("/v1/db/profile-objects/" + a + "?expand=true", owner.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.related.length()")
        .isEqualTo(2)
        .jsonPath("$.relationships.length()")
        .isEqualTo(2);
    get("/v1/db/profile-objects/" + a + "?expand=true", reader.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.n_id")
        .isEqualTo(a)
        .jsonPath("$.related.length()")
        .isEqualTo(1)
        .jsonPath("$.related[0].n_id")
        .isEqualTo(b)
        .jsonPath("$.relationships.length()")
        .isEqualTo(1)
        .jsonPath("$.relationships[0].type")
        .isEqualTo("KNOWS");
    get("/v1/db/profile-objects/" + a, reader.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.related.length()")
        .isEqualTo(1);
    get("/v1/db/profile-objects/" + a + "?expand=false", reader.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.related")
        .doesNotExist();
    get("/v1/db/profile-objects/" + c + "?expand=true", reader.token())
        .expectStatus()
        .isNotFound();
  }
}

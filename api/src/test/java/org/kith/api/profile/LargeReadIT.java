package org.kith.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

/**
 * "What can I see" for a caller with thousands of grants, where Kith walks the n_id index instead of
 * collecting everything: pages must still hold exactly the visible objects, in order, without gaps.
 */
@DisplayName("read many, for a caller who sees thousands of objects")
class LargeReadIT extends KithIT {
  @Test
  @DisplayName("pages cover exactly the owned, shared and cascaded objects and nothing else")
  void largeCaller() {
    User big = newUser("big");
    User other = newUser("other");
    List<String> own = new ArrayList<>();
    for (int batch = 0; batch < 3; batch++) {
      List<Map<String, Object>> objects = new ArrayList<>();
      for (int i = 0; i < 700; i++) {
        objects.add(Map.of(
            "schema",
            "ss_NZ_Person",
            "properties",
            Map.of(
                "given_names",
                "B" + batch + "-" + i,
                "family_name",
                "Big",
                "date_of_birth",
                "1990-01-02")));
      }
      List<?> created = post("/v1/db/profile-objects", big.token(), objects)
          .expectStatus()
          .isCreated()
          .expectBody(List.class)
          .returnResult()
          .getResponseBody();
      created.forEach(o -> own.add((String) ((Map<?, ?>) o).get("n_id")));
    }
    String hidden = person(other, "Hidden");
    String root = person(other, "Root");
    String child = person(other, "Child");
    post("/v1/db/relationships", other.token(), Map.of("from", root, "to", child, "type", "HAS"))
        .expectStatus()
        .isCreated();
    post(
            "/v1/db/permissions/" + root,
            other.token(),
            Map.of("u_id", big.uId(), "permission", "VIEWS", "cascade", true))
        .expectStatus()
        .isOk();

    Map<String, String> seen = new HashMap<>();
    List<String> order = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < 20; page++) {
      Map<String, Object> body = new HashMap<>(Map.of("limit", 1000));
      if (cursor != null) {
        body.put("cursor", cursor);
      }
      Map<?, ?> answer = post("/v1/db/profile-objects/read", big.token(), body)
          .expectStatus()
          .isOk()
          .expectBody(Map.class)
          .returnResult()
          .getResponseBody();
      for (Object o : (List<?>) answer.get("profile_objects")) {
        Map<?, ?> m = (Map<?, ?>) o;
        assertThat(seen.put((String) m.get("n_id"), (String) m.get("permission")))
            .as("seen twice")
            .isNull();
        order.add((String) m.get("n_id"));
      }
      cursor = (String) answer.get("next_cursor");
      if (cursor == null) {
        break;
      }
    }
    assertThat(order).isSorted();
    assertThat(seen).doesNotContainKey(hidden);
    assertThat(seen).containsEntry(root, "VIEWS").containsEntry(child, "VIEWS");
    own.forEach(id -> assertThat(seen).containsEntry(id, "IS_OWNER"));
    assertThat(seen.values().stream().filter("IS_OWNER"::equals).count()).isEqualTo(own.size());
    // everything else is visible through PUBLIC (objects other tests made public)
    seen.forEach((id, permission) -> {
      if (!own.contains(id) && !id.equals(root) && !id.equals(child)) {
        assertThat(permission).isEqualTo("VIEWS");
      }
    });
    post(
            "/v1/db/profile-objects/read",
            big.token(),
            Map.of("permissions", List.of("IS_OWNER"), "limit", 1000))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.profile_objects.length()")
        .isEqualTo(1000)
        .jsonPath("$.next_cursor")
        .exists();
  }
}

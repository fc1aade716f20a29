package org.kith.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.http.MediaType;

@DisplayName("PUT /v1/db/profile-objects: the reference's bulk update, all or none")
class BulkUpdateIT extends KithIT {
  private static Map<String, Object> person(String given) {
    return Map.of("given_names", given, "family_name", "Tester", "date_of_birth", "1990-01-02");
  }

  private String givenNames(User u, String nId) {
    return (String) ((Map<?, ?>) get("/v1/db/profile-objects/" + nId, u.token())
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("properties"))
        .get("given_names");
  }

  @Test
  @DisplayName("[{n_id, labels?, params}] replaces each object's properties and labels")
  void updatesAll() {
    User owner = newUser("bulk");
    String a = person(owner, "Ann");
    String b = person(owner, "Ben");
    put(
            "/v1/db/profile-objects",
            owner.token(),
            List.of(
                Map.of("n_id", a, "params", person("Anna")),
                Map.of("n_id", b, "labels", List.of("Primary"), "params", person("Benjamin"))))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(2)
        .jsonPath("$[0].n_id")
        .isEqualTo(a)
        .jsonPath("$[1].labels")
        .value(l -> assertThat(String.valueOf(l)).contains("ss_NZ_Person").contains("Primary"));
    assertThat(givenNames(owner, a)).isEqualTo("Anna");
    assertThat(givenNames(owner, b)).isEqualTo("Benjamin");
  }

  @Test
  @DisplayName(
      "one invalid element refuses the whole update with every error by index; someone else's object"
          + " is the unknown object's 404; nothing changes either way")
  void allOrNone() {
    User owner = newUser("bulk-none");
    String a = person(owner, "Ann");
    String b = person(owner, "Ben");
    put(
            "/v1/db/profile-objects",
            owner.token(),
            List.of(
                Map.of("n_id", a, "params", person("Changed")),
                Map.of("n_id", b, "params", Map.of("given_names", 42))))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .expectBody()
        .jsonPath("$.errors[0].path")
        .value(p -> assertThat((String) p).startsWith("/1/properties"));
    assertThat(givenNames(owner, a)).isEqualTo("Ann");
    User stranger = newUser("bulk-stranger");
    String theirs = person(stranger, "Theirs");
    String hidden = notFound(
        put(
            "/v1/db/profile-objects",
            owner.token(),
            List.of(
                Map.of("n_id", a, "params", person("Changed")),
                Map.of("n_id", theirs, "params", person("Mine")))),
        theirs);
    String missing = "no-such-object";
    assertThat(notFound(
            put(
                "/v1/db/profile-objects",
                owner.token(),
                List.of(
                    Map.of("n_id", a, "params", person("Changed")),
                    Map.of("n_id", missing, "params", person("Mine")))),
            missing))
        .isEqualTo(hidden);
    assertThat(givenNames(owner, a)).isEqualTo("Ann");
    assertThat(givenNames(stranger, theirs)).isEqualTo("Theirs");
  }

  @Test
  @DisplayName(
      "an empty list, a repeated n_id, a missing params or more than 100 elements are 400 problems")
  void refusals() {
    User owner = newUser("bulk-bad");
    String a = person(owner, "Ann");
    put("/v1/db/profile-objects", owner.token(), List.of()).expectStatus().isBadRequest();
    put(
            "/v1/db/profile-objects",
            owner.token(),
            List.of(
                Map.of("n_id", a, "params", person("One")),
                Map.of("n_id", a, "params", person("Two"))))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("/1/n_id");
    put("/v1/db/profile-objects", owner.token(), List.of(Map.of("n_id", a)))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[0].path")
        .isEqualTo("/0/params");
    List<Map<String, Object>> many = java.util.stream.IntStream.range(0, 101)
        .mapToObj(i -> Map.<String, Object>of("n_id", "x" + i, "params", person("P")))
        .toList();
    put("/v1/db/profile-objects", owner.token(), many).expectStatus().isBadRequest();
    put("/v1/db/profile-objects", owner.token(), Map.of("n_id", a))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(givenNames(owner, a)).isEqualTo("Ann");
  }
}

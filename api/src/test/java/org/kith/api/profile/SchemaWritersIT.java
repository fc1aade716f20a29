package org.kith.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@DisplayName(
    "who writes which schema, one object per intent, and the schemas' own words in problems")
class SchemaWritersIT extends KithIT {
  private static final Map<String, Object> LIVE = Map.of(
      "schema",
      "ss_Live_Person",
      "properties",
      Map.of("checked_at", "2026-01-02T03:04:05Z", "method", "selfie_photo", "result", "pass"));

  private int owned(User user) {
    return ((List<?>) post(
                "/v1/db/profile-objects/read",
                user.token(),
                Map.of("permissions", List.of("IS_OWNER")))
            .expectStatus()
            .isOk()
            .expectBody(Map.class)
            .returnResult()
            .getResponseBody()
            .get("profile_objects"))
        .size();
  }

  @Test
  @DisplayName(
      "a person may not create or replace objects only Kith writes (403, nothing stored); an admin may; the"
          + " schema list says who writes each schema")
  void systemSchemas() {
    User person = newUser("writer");
    for (String schema : List.of("ss_Live_Person", "ss_Verification", "ss_Clarity_Model_01")) {
      post(
              "/v1/db/profile-objects",
              person.token(),
              Map.of("schema", schema, "properties", Map.of()))
          .expectStatus()
          .isForbidden()
          .expectBody()
          .jsonPath("$.detail")
          .value(d -> assertThat((String) d).contains("Only Kith writes " + schema));
    }
    // in a batch too: all or nothing
    post(
            "/v1/db/profile-objects",
            person.token(),
            List.of(
                Map.of("schema", "ss_NZ_Person", "properties", Map.of("given_names", "A")), LIVE))
        .expectStatus()
        .isForbidden();
    assertThat(owned(person)).isZero();

    String admin = adminToken();
    String nId = (String) ((Map<?, ?>) post("/v1/db/profile-objects", admin, LIVE)
            .expectStatus()
            .isCreated()
            .expectBody(List.class)
            .returnResult()
            .getResponseBody()
            .get(0))
        .get("n_id");
    post("/v1/db/permissions/" + nId, admin, Map.of("u_id", person.uId(), "permission", "ADMINS"))
        .expectStatus()
        .isOk();
    Map<String, Object> changed = Map.of(
        "properties",
        Map.of("checked_at", "2026-01-02T03:04:05Z", "method", "in_person", "result", "pass"));
    put("/v1/db/profile-objects/" + nId, person.token(), changed).expectStatus().isForbidden();
    get("/v1/db/profile-objects/" + nId, person.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.properties.method")
        .isEqualTo("selfie_photo");
    put("/v1/db/profile-objects/" + nId, admin, changed).expectStatus().isOk();
    // the person may still delete what is theirs to administer
    delete("/v1/db/profile-objects/" + nId, person.token()).expectStatus().isNoContent();

    get("/v1/db/schemas?schema_type=ss", person.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.schemas[?(@.name == 'ss_Live_Person')].writer")
        .isEqualTo("system")
        .jsonPath("$.schemas[?(@.name == 'ss_Verification')].writer")
        .isEqualTo("system")
        .jsonPath("$.schemas[?(@.name == 'ss_Clarity_Model_01')].writer")
        .isEqualTo("system")
        .jsonPath("$.schemas[?(@.name == 'ss_NZ_Person')].writer")
        .isEqualTo("person");
  }

  private WebTestClient.ResponseSpec create(User user, String key, Object body) {
    return http.post()
        .uri("/v1/db/profile-objects")
        .contentType(MediaType.APPLICATION_JSON)
        .headers(h -> {
          h.setBearerAuth(user.token());
          h.set("Idempotency-Key", key);
        })
        .bodyValue(body)
        .exchange();
  }

  @Test
  @DisplayName(
      "Idempotency-Key: a repeat answers the first result and stores nothing more; another body is 422;"
          + " keys are per person")
  void idempotencyKey() {
    User user = newUser("intent");
    Map<String, Object> body = Map.of(
        "schema",
        "ss_NZ_Person",
        "properties",
        Map.of("given_names", "Mere", "family_name", "Parata", "date_of_birth", "1990-01-02"));
    Object id1 = nId(create(user, "intent-2", body));
    Object again = nId(create(user, "intent-2", body));
    assertThat(again).isEqualTo(id1);
    assertThat(owned(user)).isEqualTo(1);
    create(
            user,
            "intent-2",
            Map.of("schema", "ss_NZ_Person", "properties", Map.of("given_names", "X")))
        .expectStatus()
        .isEqualTo(422);
    User other = newUser("intent-other");
    assertThat(nId(create(other, "intent-2", body))).isNotEqualTo(id1);
    // a failed request forgets its key: the corrected retry stores the object
    create(user, "intent-3", Map.of("schema", "ss_NZ_Person", "properties", Map.of()))
        .expectStatus()
        .isBadRequest();
    nId(create(user, "intent-3", body));
    assertThat(owned(user)).isEqualTo(2);
  }

  private static Object nId(WebTestClient.ResponseSpec response) {
    return ((Map<?, ?>) response
            .expectStatus()
            .isCreated()
            .expectBody(List.class)
            .returnResult()
            .getResponseBody()
            .get(0))
        .get("n_id");
  }

  @Test
  @DisplayName("a 400 says the schema's errorMessage, not the raw pattern")
  void humanMessages() {
    User user = newUser("words");
    post(
            "/v1/db/profile-objects",
            user.token(),
            Map.of(
                "schema",
                "ss_NZ_Person",
                "properties",
                Map.of("family_name", "Parata", "date_of_birth", "1990-01-02", "phone", "021 123")))
        .expectStatus()
        .isBadRequest()
        .expectBody()
        .jsonPath("$.errors[?(@.path == '/properties/phone')].message")
        .isEqualTo(
            "Enter a phone number starting with + and the country code, for example +64211234567")
        .jsonPath("$.errors[?(@.path == '/properties/given_names')].message")
        .isEqualTo("Enter given names");
  }
}

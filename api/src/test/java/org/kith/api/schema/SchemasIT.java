package org.kith.api.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.beans.factory.annotation.Autowired;

@DisplayName("/v1/db/schemas")
class SchemasIT extends KithIT {
  @Autowired
  ObjectMapper json;

  @Test
  @DisplayName(
      "every shipped system schema is loaded; its valid example passes and its invalid example fails")
  void systemSchemas() throws Exception {
    User u = newUser("schemas");
    List<SystemSchemas.Shipped> shipped = SystemSchemas.read(json);
    assertThat(shipped).hasSize(9);
    for (SystemSchemas.Shipped s : shipped) {
      String path = "/v1/db/schemas/ss/" + s.name().id();
      get(path, u.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.name")
          .isEqualTo(s.name().full());
      post(path + "/validate", u.token(), SystemSchemas.example(json, s.name(), "valid"))
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.valid")
          .isEqualTo(true)
          .jsonPath("$.errors.length()")
          .isEqualTo(0);
      post(path + "/validate", u.token(), SystemSchemas.example(json, s.name(), "invalid"))
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.valid")
          .isEqualTo(false)
          .jsonPath("$.errors[0].path")
          .exists()
          .jsonPath("$.errors[0].message")
          .exists();
    }
    get("/v1/db/schemas?schema_type=ss", u.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.schemas.length()")
        .isEqualTo(9);
  }

  @Test
  @DisplayName("user schemas get versions; only the newest is current; others cannot change them")
  void versions() {
    User u = newUser("versions");
    String name = "form_" + Math.abs(System.nanoTime());
    Map<String, Object> v1 = Map.of("type", "object", "required", List.of("a"));
    Map<String, Object> v2 = Map.of("type", "object", "required", List.of("b"));
    post("/v1/db/schemas", u.token(), Map.of("name", name, "type", "us", "schema", v1))
        .expectStatus()
        .isCreated()
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(1)
        .jsonPath("$.name")
        .isEqualTo("us_" + name);
    put("/v1/db/schemas/us/" + name, u.token(), Map.of("schema", v2))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(2);
    get("/v1/db/schemas/us/" + name, u.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.version")
        .isEqualTo(2)
        .jsonPath("$.schema.required[0]")
        .isEqualTo("b");
    get("/v1/db/schemas/us/" + name + "?version=1", u.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.current")
        .isEqualTo(false);
    get("/v1/db/schemas?schema_type=us&version_current=false", u.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.schemas[?(@.name == 'us_" + name + "')].version")
        .value(v -> assertThat((List<?>) v).hasSize(2));
    post("/v1/db/schemas/us/" + name + "/validate", u.token(), Map.of("a", 1))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.valid")
        .isEqualTo(false)
        .jsonPath("$.errors[0].path")
        .isEqualTo("/b");
    User other = newUser("other");
    put("/v1/db/schemas/us/" + name, other.token(), Map.of("schema", v1))
        .expectStatus()
        .isForbidden();
    put("/v1/db/schemas/ss/NZ_Person", u.token(), Map.of("schema", v1))
        .expectStatus()
        .isForbidden();
    get("/v1/db/schemas/us/nothing_here", u.token()).expectStatus().isNotFound();
  }

  @Test
  @DisplayName(
      "$refs resolve among Kith schemas only; expand bundles them; bad schemas are refused")
  void references() {
    User u = newUser("refs");
    String name = "holder_" + Math.abs(System.nanoTime());
    Map<String, Object> schema = Map.of(
        "$schema",
        "https://json-schema.org/draft/2020-12/schema",
        "type",
        "object",
        "properties",
        Map.of(
            "person",
            Map.of("$ref", "https://kith.dev/schemas/ss_NZ_Person"),
            "home",
            Map.of("$ref", "ss_ContactLocation")),
        "required",
        List.of("person"));
    post("/v1/db/schemas", u.token(), Map.of("name", name, "type", "us", "schema", schema))
        .expectStatus()
        .isCreated();
    post(
            "/v1/db/schemas/us/" + name + "/validate",
            u.token(),
            Map.of("person", Map.of("given_names", "A")))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.valid")
        .isEqualTo(false)
        .jsonPath("$.errors[?(@.path == '/person/family_name')]")
        .exists();
    post(
            "/v1/db/schemas/us/" + name + "/validate",
            u.token(),
            Map.of(
                "person",
                Map.of("given_names", "A", "family_name", "B", "date_of_birth", "2000-01-01"),
                "home",
                Map.of(
                    "location_type",
                    "home",
                    "street1",
                    "1 Rd",
                    "city",
                    "Wellington",
                    "country",
                    "NZ")))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.valid")
        .isEqualTo(true);
    for (String query :
        List.of("?expand=true", "")) { // bundled by default, as the reference has it
      get("/v1/db/schemas/us/" + name + query, u.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.schema.$defs.ss_NZ_Person.$id")
          .isEqualTo("https://kith.dev/schemas/ss_NZ_Person")
          .jsonPath("$.schema.$defs.ss_ContactLocation")
          .exists();
    }
    get("/v1/db/schemas/us/" + name + "?expand=false", u.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.schema.$defs")
        .doesNotExist();
    post(
            "/v1/db/schemas",
            u.token(),
            Map.of(
                "name",
                name + "_remote",
                "type",
                "us",
                "schema",
                Map.of("$ref", "https://evil.example/schema.json")))
        .expectStatus()
        .isBadRequest();
    post(
            "/v1/db/schemas",
            u.token(),
            Map.of(
                "name",
                name + "_missing",
                "type",
                "us",
                "schema",
                Map.of("$ref", "us_does_not_exist")))
        .expectStatus()
        .isBadRequest();
    post(
            "/v1/db/schemas",
            u.token(),
            Map.of("name", name + "_bad", "type", "us", "schema", Map.of("type", "no-such-type")))
        .expectStatus()
        .isBadRequest();
    post(
            "/v1/db/schemas",
            u.token(),
            Map.of(
                "name",
                name + "_draft4",
                "type",
                "us",
                "schema",
                Map.of("$schema", "http://json-schema.org/draft-04/schema#")))
        .expectStatus()
        .isBadRequest();
    Map<String, Object> draft7 = Map.of(
        "$schema",
        "http://json-schema.org/draft-07/schema#",
        "type",
        "object",
        "properties",
        Map.of("n", Map.of("type", "integer", "maximum", 3)));
    post("/v1/db/schemas", u.token(), Map.of("name", name + "_d7", "type", "us", "schema", draft7))
        .expectStatus()
        .isCreated();
    post("/v1/db/schemas/us/" + name + "_d7/validate", u.token(), Map.of("n", 4))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.valid")
        .isEqualTo(false);
    post("/v1/db/schemas", u.token(), Map.of("name", "ss_hack", "type", "ss", "schema", Map.of()))
        .expectStatus()
        .isForbidden();
  }
}

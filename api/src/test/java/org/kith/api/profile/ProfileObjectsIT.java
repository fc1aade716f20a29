package org.kith.api.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.springframework.http.MediaType;

@DisplayName("/v1/db/profile-objects")
class ProfileObjectsIT extends KithIT {
  @org.springframework.beans.factory.annotation.Autowired
  org.kith.core.profile.ProfileService profiles;

  @SuppressWarnings("unchecked")
  private Map<String, Object> createUs(User u, Object properties) {
    String name = "doc_" + Math.abs(System.nanoTime());
    post(
            "/v1/db/schemas",
            u.token(),
            Map.of("name", name, "type", "us", "schema", Map.of("type", "object")))
        .expectStatus()
        .isCreated();
    List<Map<String, Object>> created = post(
            "/v1/db/profile-objects",
            u.token(),
            Map.of("schema", "us_" + name, "properties", properties))
        .expectStatus()
        .isCreated()
        .expectBody(List.class)
        .returnResult()
        .getResponseBody();
    return created.get(0);
  }

  @Nested
  @DisplayName("create")
  class Create {
    @Test
    @DisplayName(
        "validates against the schema, labels it with the schema name first, and makes the creator owner")
    void single() {
      User ana = newUser("ana");
      String nId = person(ana, "Ana");
      get("/v1/db/profile-objects/" + nId, ana.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.labels[0]")
          .isEqualTo("ss_NZ_Person")
          .jsonPath("$.properties.given_names")
          .isEqualTo("Ana");
      get("/v1/db/permissions/" + nId, ana.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.permissions[0].permission")
          .isEqualTo("IS_OWNER")
          .jsonPath("$.permissions[0].u_id")
          .isEqualTo(ana.uId());
    }

    @Test
    @DisplayName("an array is all-or-nothing and reports every error with its index")
    void arrayAllOrNothing() {
      User bo = newUser("bo");
      Map<String, Object> good = Map.of(
          "schema",
          "ss_NZ_Person",
          "labels",
          List.of("Batch"),
          "properties",
          Map.of("given_names", "Bo", "family_name", "Li", "date_of_birth", "1980-05-06"));
      Map<String, Object> bad = Map.of(
          "schema",
          "ss_NZ_Person",
          "labels",
          List.of("Batch"),
          "properties",
          Map.of("given_names", "Bo", "date_of_birth", "yesterday"));
      post("/v1/db/profile-objects", bo.token(), List.of(good, bad, good))
          .expectStatus()
          .isBadRequest()
          .expectHeader()
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .expectBody()
          .jsonPath("$.errors[?(@.path == '/1/properties/family_name')]")
          .exists()
          .jsonPath("$.errors[?(@.path == '/1/properties/date_of_birth')]")
          .exists();
      get("/v1/db/profile-objects?label=Batch", bo.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.profile_objects.length()")
          .isEqualTo(0);
      post("/v1/db/profile-objects", bo.token(), List.of(good, good, good))
          .expectStatus()
          .isCreated()
          .expectBody()
          .jsonPath("$.length()")
          .isEqualTo(3);
      get("/v1/db/profile-objects?label=Batch", bo.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.profile_objects.length()")
          .isEqualTo(3);
    }

    @Test
    @DisplayName("refuses unknown schemas, unsafe or reserved labels, and more than 1,000 objects")
    void refusals() {
      User cy = newUser("cy");
      Map<String, Object> props =
          Map.of("given_names", "Cy", "family_name", "X", "date_of_birth", "1970-01-01");
      post("/v1/db/profile-objects", cy.token(), Map.of("schema", "ss_Nope", "properties", props))
          .expectStatus()
          .isBadRequest();
      for (String label : List.of("User", "bad label", "x`) DETACH DELETE n //", "ss_Fake")) {
        post(
                "/v1/db/profile-objects",
                cy.token(),
                Map.of("schema", "ss_NZ_Person", "labels", List.of(label), "properties", props))
            .expectStatus()
            .isBadRequest();
      }
      List<Object> many = new ArrayList<>();
      for (int i = 0; i < 1001; i++) {
        many.add(Map.of("schema", "ss_NZ_Person", "properties", props));
      }
      post("/v1/db/profile-objects", cy.token(), many).expectStatus().isBadRequest();
      http.post()
          .uri("/v1/db/profile-objects")
          .contentType(MediaType.APPLICATION_JSON)
          .bodyValue(Map.of("schema", "ss_NZ_Person", "properties", props))
          .exchange()
          .expectStatus()
          .isUnauthorized();
    }
  }

  @Nested
  @DisplayName("properties")
  class Properties {
    @Test
    @DisplayName(
        "arbitrary JSON round-trips exactly: nesting, arrays, unicode, nulls, big and decimal numbers")
    void roundTrip() {
      User di = newUser("di");
      String raw =
          "{\"name\":\"Zoë 🐝 \\\"quoted\\\" — 名前\",\"nested\":{\"a\":[1,2.50,{\"b\":null}],\"empty\":{}},"
              + "\"big\":123456789012345678901234567890,\"small\":-0.000001,\"decimal\":0.10,\"flag\":false,\"none\":null,"
              + "\"list\":[],\"mixed\":[\"x\",1,true,null]}";
      String schemaName = "rt_" + Math.abs(System.nanoTime());
      post(
              "/v1/db/schemas",
              di.token(),
              Map.of("name", schemaName, "type", "us", "schema", Map.of("type", "object")))
          .expectStatus()
          .isCreated();
      String body = "{\"schema\":\"us_" + schemaName + "\",\"properties\":" + raw + "}";
      String created = http.post()
          .uri("/v1/db/profile-objects")
          .contentType(MediaType.APPLICATION_JSON)
          .headers(h -> h.setBearerAuth(di.token()))
          .bodyValue(body)
          .exchange()
          .expectStatus()
          .isCreated()
          .expectBody(String.class)
          .returnResult()
          .getResponseBody();
      String nId = created.replaceAll("(?s).*\"n_id\":\"([^\"]+)\".*", "$1");
      String read = get("/v1/db/profile-objects/" + nId, di.token())
          .expectStatus()
          .isOk()
          .expectBody(String.class)
          .returnResult()
          .getResponseBody();
      com.fasterxml.jackson.databind.ObjectMapper exact =
          com.fasterxml.jackson.databind.json.JsonMapper.builder()
              .enable(
                  com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
              .disable(
                  com.fasterxml.jackson.databind.cfg.JsonNodeFeature
                      .STRIP_TRAILING_BIGDECIMAL_ZEROES)
              .build();
      try {
        // tree equality compares decimals with their scale: 0.10 is not 0.1
        assertThat(exact.readTree(read).get("properties")).isEqualTo(exact.readTree(raw));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new AssertionError(e);
      }
    }

    @Test
    @DisplayName("updates are re-validated; labels can change; EDITS is needed")
    void update() {
      User ed = newUser("ed");
      String nId = person(ed, "Ed");
      put(
              "/v1/db/profile-objects/" + nId,
              ed.token(),
              Map.of("properties", Map.of("given_names", "Ed")))
          .expectStatus()
          .isBadRequest()
          .expectBody()
          .jsonPath("$.errors[0].path")
          .isEqualTo("/properties/date_of_birth");
      put(
              "/v1/db/profile-objects/" + nId,
              ed.token(),
              Map.of(
                  "labels",
                  List.of("Renamed"),
                  "properties",
                  Map.of(
                      "given_names", "Edward", "family_name", "T", "date_of_birth", "1991-02-03")))
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.properties.given_names")
          .isEqualTo("Edward")
          .jsonPath("$.labels")
          .isEqualTo(List.of("ss_NZ_Person", "Renamed"));
    }
  }

  @Nested
  @DisplayName("documents")
  class Documents {
    @Test
    @DisplayName(
        "are stored by content, returned as base64, shared between objects, and reclaimed with the last one")
    void blobs() throws Exception {
      User fi = newUser("fi");
      byte[] bytes = ("scan of a passport " + System.nanoTime()).getBytes();
      String b64 = Base64.getEncoder().encodeToString(bytes);
      Map<String, Object> obj = new LinkedHashMap<>(Map.of(
          "schema",
          "ss_File",
          "properties",
          Map.of("filename", "passport.png", "content_type", "image/png"),
          "document",
          Map.of("content", b64, "type", "image/png")));
      List<?> created = post("/v1/db/profile-objects", fi.token(), List.of(obj, obj))
          .expectStatus()
          .isCreated()
          .expectBody(List.class)
          .returnResult()
          .getResponseBody();
      String first = (String) ((Map<?, ?>) created.get(0)).get("n_id");
      String second = (String) ((Map<?, ?>) created.get(1)).get("n_id");
      String sha =
          (String) ((Map<?, ?>) ((Map<?, ?>) created.get(0)).get("document")).get("sha256");
      get("/v1/db/profile-objects/" + first + "/content", fi.token())
          .expectStatus()
          .isOk()
          .expectBody()
          .jsonPath("$.content")
          .isEqualTo(b64);
      java.nio.file.Path blob =
          DATA_DIR.resolve("blobs").resolve(sha.substring(0, 2)).resolve(sha);
      assertThat(blob).exists().hasBinaryContent(bytes);
      delete("/v1/db/profile-objects/" + first, fi.token()).expectStatus().isNoContent();
      assertThat(blob).exists();
      get("/v1/db/profile-objects/" + second + "/content", fi.token())
          .expectStatus()
          .isOk();
      java.nio.file.Files.setLastModifiedTime(blob, java.nio.file.attribute.FileTime.fromMillis(0));
      delete("/v1/db/profile-objects/" + second, fi.token()).expectStatus().isNoContent();
      assertThat(blob).doesNotExist();
      // a document deleted within the grace period stays until the sweeper finds it unreferenced
      // and old
      byte[] fresh = ("fresh scan " + System.nanoTime()).getBytes();
      Map<?, ?> made = (Map<?, ?>) post(
              "/v1/db/profile-objects",
              fi.token(),
              Map.of(
                  "schema",
                  "ss_File",
                  "properties",
                  Map.of("filename", "f.png", "content_type", "image/png"),
                  "document",
                  Map.of(
                      "content", Base64.getEncoder().encodeToString(fresh), "type", "image/png")))
          .expectStatus()
          .isCreated()
          .expectBody(List.class)
          .returnResult()
          .getResponseBody()
          .get(0);
      String freshSha = (String) ((Map<?, ?>) made.get("document")).get("sha256");
      java.nio.file.Path freshBlob =
          DATA_DIR.resolve("blobs").resolve(freshSha.substring(0, 2)).resolve(freshSha);
      delete("/v1/db/profile-objects/" + made.get("n_id"), fi.token())
          .expectStatus()
          .isNoContent();
      assertThat(freshBlob).exists();
      java.nio.file.Files.setLastModifiedTime(
          freshBlob, java.nio.file.attribute.FileTime.fromMillis(0));
      assertThat(profiles.sweepDocuments().block()).isPositive();
      assertThat(freshBlob).doesNotExist();
      post(
              "/v1/db/profile-objects",
              fi.token(),
              Map.of(
                  "schema",
                  "ss_File",
                  "properties",
                  Map.of("filename", "x", "content_type", "image/png"),
                  "document",
                  Map.of("content", "***not base64***", "type", "image/png")))
          .expectStatus()
          .isBadRequest();
    }
  }

  @Test
  @DisplayName("preferences are the caller's own JSON object")
  void preferences() {
    User hu = newUser("hu");
    get("/v1/db/preferences", hu.token()).expectStatus().isOk().expectBody().json("{}");
    put("/v1/db/preferences", hu.token(), Map.of("theme", "dark", "lang", List.of("en", "mi")))
        .expectStatus()
        .isOk();
    get("/v1/db/preferences", hu.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.theme")
        .isEqualTo("dark");
    get("/v1/db/preferences", newUser("iv").token())
        .expectStatus()
        .isOk()
        .expectBody()
        .json("{}");
    createUs(hu, Map.of("k", 1));
  }
}

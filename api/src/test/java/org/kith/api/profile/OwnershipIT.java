package org.kith.api.profile;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;

@DisplayName("owners and relationships")
class OwnershipIT extends KithIT {
  @Test
  @DisplayName(
      "ownership is transferred, given up and claimed; IS_OWNER is never a revocable grant")
  void ownership() {
    User ann = newUser("ann");
    User ben = newUser("ben");
    String nId = person(ann, "Owned");
    put("/v1/db/owner/" + nId, ann.token(), Map.of("u_id", ben.uId()))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.u_id")
        .isEqualTo(ben.uId())
        .jsonPath("$.permission")
        .isEqualTo("IS_OWNER");
    get("/v1/db/profile-objects/" + nId, ann.token()).expectStatus().isNotFound();
    post(
            "/v1/db/permissions/" + nId,
            ben.token(),
            Map.of("u_id", ann.uId(), "permission", "ADMINS"))
        .expectStatus()
        .isOk();
    delete("/v1/db/owner/" + nId, ben.token()).expectStatus().isNoContent();
    get("/v1/db/profile-objects/" + nId, ben.token()).expectStatus().isNotFound();
    get("/v1/db/permissions/" + nId, ann.token())
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.permissions[?(@.permission == 'IS_OWNER')]")
        .isEmpty();
    http.post()
        .uri("/v1/db/owner/" + nId)
        .headers(h -> h.setBearerAuth(ann.token()))
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.u_id")
        .isEqualTo(ann.uId());
    http.post()
        .uri("/v1/db/owner/" + nId)
        .headers(h -> h.setBearerAuth(ann.token()))
        .exchange()
        .expectStatus()
        .isEqualTo(409);
    put("/v1/db/owner/" + nId, ann.token(), Map.of("u_id", "no-such-user"))
        .expectStatus()
        .isNotFound();
    post(
            "/v1/db/permissions/" + nId,
            ann.token(),
            Map.of("u_id", ben.uId(), "permission", "IS_OWNER"))
        .expectStatus()
        .isBadRequest();
    post(
            "/v1/db/permissions/" + nId,
            ann.token(),
            Map.of("u_id", ben.uId(), "g_id", "PUBLIC", "permission", "VIEWS"))
        .expectStatus()
        .isBadRequest();
    post(
            "/v1/db/permissions/" + nId,
            ann.token(),
            Map.of("g_id", "no-such-group", "permission", "VIEWS"))
        .expectStatus()
        .isNotFound();
  }

  @Test
  @DisplayName(
      "relationships carry properties, refuse bad types and self-links, and are deleted with their ends")
  void relationships() {
    User rel = newUser("rel");
    String a = person(rel, "A");
    String b = person(rel, "B");
    Map<?, ?> r = post(
            "/v1/db/relationships",
            rel.token(),
            Map.of(
                "from",
                a,
                "to",
                b,
                "type",
                "PARENT_OF",
                "properties",
                Map.of("since", "2020-01-01", "weight", 0.5)))
        .expectStatus()
        .isCreated()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    for (String type : List.of("VIEWS", "lower", "BAD TYPE", "IS_OWNER")) {
      post("/v1/db/relationships", rel.token(), Map.of("from", a, "to", b, "type", type))
          .expectStatus()
          .isBadRequest();
    }
    post("/v1/db/relationships", rel.token(), Map.of("from", a, "to", a, "type", "SELF"))
        .expectStatus()
        .isBadRequest();
    post(
            "/v1/db/profile-objects/read",
            rel.token(),
            Map.of("profile_objects", List.of(Map.of("n_id", a), Map.of("n_id", b))))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.relationships[0].properties.weight")
        .isEqualTo(0.5);
    delete("/v1/db/relationships/" + r.get("p_id"), rel.token()).expectStatus().isNoContent();
    delete("/v1/db/relationships/" + r.get("p_id"), rel.token()).expectStatus().isNotFound();
    delete("/v1/db/relationships/garbage", rel.token()).expectStatus().isNotFound();
    post("/v1/db/relationships", rel.token(), Map.of("from", a, "to", b, "type", "KNOWS"))
        .expectStatus()
        .isCreated();
    delete("/v1/db/profile-objects/" + b, rel.token()).expectStatus().isNoContent();
    post(
            "/v1/db/profile-objects/read",
            rel.token(),
            Map.of("profile_objects", List.of(Map.of("n_id", a))))
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.relationships.length()")
        .isEqualTo(0);
  }

  @Test
  @DisplayName(
      "public documents need no login; oversized documents and preferences are refused with 413")
  void publicAndLimits() {
    User pub = newUser("pub");
    String content = java.util.Base64.getEncoder().encodeToString("public card".getBytes());
    String nId = (String) ((Map<?, ?>) post(
                "/v1/db/profile-objects",
                pub.token(),
                Map.of(
                    "schema",
                    "ss_File",
                    "properties",
                    Map.of("filename", "card.txt", "content_type", "text/plain"),
                    "document",
                    Map.of("content", content, "type", "text/plain")))
            .expectStatus()
            .isCreated()
            .expectBody(List.class)
            .returnResult()
            .getResponseBody()
            .get(0))
        .get("n_id");
    http.get()
        .uri("/v1/public/profile-objects/" + nId + "/content")
        .exchange()
        .expectStatus()
        .isNotFound();
    post("/v1/db/permissions/" + nId, pub.token(), Map.of("g_id", "PUBLIC", "permission", "VIEWS"))
        .expectStatus()
        .isOk();
    http.get()
        .uri("/v1/public/profile-objects/" + nId + "/content")
        .exchange()
        .expectStatus()
        .isOk()
        .expectBody()
        .jsonPath("$.content")
        .isEqualTo(content);
    byte[] big = new byte[11 * 1024 * 1024];
    post(
            "/v1/db/profile-objects",
            pub.token(),
            Map.of(
                "schema",
                "ss_File",
                "properties",
                Map.of("filename", "big", "content_type", "text/plain"),
                "document",
                Map.of(
                    "content",
                    java.util.Base64.getEncoder().encodeToString(big),
                    "type",
                    "text/plain")))
        .expectStatus()
        .isEqualTo(413);
    put("/v1/db/preferences", pub.token(), Map.of("blob", "x".repeat(70_000)))
        .expectStatus()
        .isEqualTo(413);
    post("/v1/auth/signup", Map.of("username", "x@example.org", "password", "y".repeat(1_100_000)))
        .expectStatus()
        .isEqualTo(413);
  }

  @Test
  @DisplayName(
      "the create route bounds its JSON like every other: only a document's content may be large")
  void createBoundsJson() {
    User u = newUser("json-bound");
    String hugeName = "N".repeat(2 * 1024 * 1024);
    post(
            "/v1/db/profile-objects",
            u.token(),
            Map.of(
                "schema",
                "ss_NZ_Person",
                "properties",
                Map.of("given_names", hugeName, "family_name", "T", "date_of_birth", "1990-01-02")))
        .expectStatus()
        .isEqualTo(413)
        .expectHeader()
        .contentType("application/problem+json");
    List<Map<String, Object>> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      batch.add(Map.of(
          "schema",
          "ss_NZ_Person",
          "labels",
          List.of("L".repeat(1_100)),
          "properties",
          Map.of("given_names", "B" + i, "family_name", "T", "date_of_birth", "1990-01-02")));
    }
    post("/v1/db/profile-objects", u.token(), batch).expectStatus().isEqualTo(413);
    byte[] scan = new byte[5 * 1024 * 1024];
    post(
            "/v1/db/profile-objects",
            u.token(),
            Map.of(
                "schema",
                "ss_File",
                "properties",
                Map.of("filename", "scan", "content_type", "text/plain"),
                "document",
                Map.of(
                    "content",
                    java.util.Base64.getEncoder().encodeToString(scan),
                    "type",
                    "text/plain")))
        .expectStatus()
        .isCreated();
  }
}

package org.kith.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.audit.AuditTrail;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

@DisplayName("/v1/auth/me/export and DELETE /v1/auth/me")
class ExportErasureIT extends KithIT {
  @Autowired
  private Driver graph;

  @Autowired
  private AuditTrail audit;

  private WebTestClient.ResponseSpec erase(String token, Object body) {
    return http.method(HttpMethod.DELETE)
        .uri("/v1/auth/me")
        .contentType(MediaType.APPLICATION_JSON)
        .headers(h -> h.setBearerAuth(token))
        .bodyValue(body)
        .exchange();
  }

  /** A profile object with a document, both holding the marker; returns its n_id. */
  private String fileWith(User owner, String marker) {
    String content = Base64.getEncoder()
        .encodeToString(("passport of " + marker).getBytes(StandardCharsets.UTF_8));
    return (String) ((Map<?, ?>) post(
                "/v1/db/profile-objects",
                owner.token(),
                Map.of(
                    "schema",
                    "ss_File",
                    "properties",
                    Map.of("filename", marker + ".txt", "content_type", "text/plain"),
                    "document",
                    Map.of("content", content, "type", "text/plain")))
            .expectStatus()
            .isCreated()
            .expectBody(List.class)
            .returnResult()
            .getResponseBody()
            .get(0))
        .get("n_id");
  }

  private long nodesWith(String marker) {
    try (var session = graph.session()) {
      return session.executeRead(tx -> tx.run(
              "CALL { MATCH (n) RETURN properties(n) AS p UNION ALL MATCH ()-[r]->() RETURN properties(r) AS p }"
                  + " WITH p UNWIND keys(p) AS k WITH p[k] AS v"
                  + " WHERE (v IS :: STRING AND v CONTAINS $m)"
                  + " OR (v IS :: LIST<STRING NOT NULL> AND any(x IN v WHERE x CONTAINS $m))"
                  + " RETURN count(*) AS n",
              Map.of("m", marker))
          .single()
          .get("n")
          .asLong());
    }
  }

  private static long blobsWith(String marker) throws IOException {
    Path dir = DATA_DIR.resolve("blobs");
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> {
            try {
              return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
                  .contains(new String(needle, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })
          .count();
    }
  }

  @Test
  @DisplayName(
      "export: the account, owned objects with document links, tokens, sessions and audit; CSV too")
  @SuppressWarnings("unchecked")
  void export() {
    User user = newUser("export");
    String nId = person(user, "Exportina");
    String fileId = fileWith(user, "exportmarker");
    Map<String, Object> body = get("/v1/auth/me/export", user.token())
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody();
    assertThat((Map<String, Object>) body.get("account"))
        .containsEntry("username", user.username());
    List<Map<String, Object>> objects = (List<Map<String, Object>>) body.get("profile_objects");
    assertThat(objects).extracting(o -> o.get("n_id")).containsExactlyInAnyOrder(nId, fileId);
    Map<String, Object> file =
        objects.stream().filter(o -> fileId.equals(o.get("n_id"))).findFirst().orElseThrow();
    assertThat((Map<String, Object>) file.get("document"))
        .containsKeys("sha256", "content_type", "size")
        .containsEntry(
            "download", "http://localhost:8080/v1/db/profile-objects/" + fileId + "/content");
    assertThat((List<?>) body.get("sessions")).hasSize(1);
    assertThat((List<Map<String, Object>>) body.get("audit"))
        .extracting(e -> e.get("event_type"))
        .contains("account_create", "login");

    String csv = http.get()
        .uri("/v1/auth/me/export?format=csv")
        .headers(h -> h.setBearerAuth(user.token()))
        .exchange()
        .expectStatus()
        .isOk()
        .expectHeader()
        .contentTypeCompatibleWith("text/csv")
        .expectBody(String.class)
        .returnResult()
        .getResponseBody();
    assertThat(csv.lines().findFirst()).contains("n_id,schema,property,value");
    assertThat(csv.lines())
        .anyMatch(l -> l.startsWith(nId + ",") && l.endsWith(",/given_names,Exportina"));

    get("/v1/auth/me/export?format=xml", user.token())
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    http.get().uri("/v1/auth/me/export").exchange().expectStatus().isUnauthorized();
  }

  @Test
  @DisplayName(
      "erasure: nothing of mine remains in the graph or the blob store; others get 404; the name is free")
  void erase() throws IOException {
    String marker = "mk" + System.nanoTime();
    String username = "erase-" + marker + "@example.org";
    String uId = signupVerified(username);
    User user = new User(uId, username, (String) login(username, PASSWORD).get("access_token"));
    User reader = newUser("erase-reader");
    String nId = person(user, marker);
    String fileId = fileWith(user, marker);
    post(
            "/v1/db/permissions/" + nId,
            user.token(),
            Map.of("u_id", reader.uId(), "permission", "VIEWS"))
        .expectStatus()
        .isOk();
    post(
            "/v1/auth/personal-access-tokens",
            user.token(),
            Map.of("name", "token of " + marker, "scopes", List.of("read")))
        .expectStatus()
        .isCreated();
    get("/v1/db/profile-objects/" + nId, reader.token()).expectStatus().isOk();
    assertThat(nodesWith(marker)).isPositive();
    assertThat(blobsWith(marker)).isEqualTo(1);

    // bad input changes nothing
    erase(user.token(), Map.of("password", "not the password"))
        .expectStatus()
        .isBadRequest()
        .expectHeader()
        .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    // without the password only a recent login erases (step-up): this one is made ten minutes old
    cypher(
        "MATCH (f:RefreshFamily {u_id: $u}) SET f.created_at = datetime() - duration('PT10M')",
        Map.of("u", uId));
    erase(user.token(), Map.of())
        .expectStatus()
        .isUnauthorized()
        .expectHeader()
        .valueMatches("WWW-Authenticate", "Bearer error=\"insufficient_user_authentication\".*");
    get("/v1/auth/me", user.token()).expectStatus().isOk();
    get("/v1/db/profile-objects/" + nId, reader.token()).expectStatus().isOk();

    erase(user.token(), Map.of("password", PASSWORD)).expectStatus().isNoContent();

    get("/v1/auth/me", user.token()).expectStatus().isUnauthorized();
    String unknown = "00000000-0000-4000-8000-000000000000";
    assertThat(notFound(get("/v1/db/profile-objects/" + nId, reader.token()), nId))
        .isEqualTo(notFound(get("/v1/db/profile-objects/" + unknown, reader.token()), unknown));
    assertThat(nodesWith(marker))
        .as("graph nodes and relationships holding the marker")
        .isZero();
    assertThat(blobsWith(marker)).as("blobs holding the marker").isZero();
    assertThat(fileId).isNotBlank();

    try (var session = graph.session()) {
      List<String> trail = session.executeRead(tx -> tx.run(
              "MATCH (e:AuditEvent {subject: $u}) RETURN e.event_type AS t ORDER BY e.seq",
              Map.of("u", uId))
          .list(r -> r.get("t").asString()));
      assertThat(trail).containsExactly("account_erase");
    }
    assertThat(audit.verify(uId).block()).isTrue();

    int mails = PickupMails.mailsTo(DATA_DIR, username).size();
    signup(username);
    post(
            "/v1/auth/verify",
            Map.of(
                "username",
                username,
                "verification_code",
                PickupMails.latestCode(DATA_DIR, username, mails + 1)))
        .expectStatus()
        .isOk();
    login(username, PASSWORD);
  }

  @Test
  @DisplayName(
      "erasure: wrong passwords slow down like failed logins; the account stays until the wait ends")
  void wrongPasswordsThrottled() {
    User user = newUser("erase-throttle");
    for (int i = 0; i < 4; i++) {
      erase(user.token(), Map.of("password", "wrong password " + i))
          .expectStatus()
          .isBadRequest();
    }
    erase(user.token(), Map.of("password", PASSWORD))
        .expectStatus()
        .isEqualTo(429)
        .expectHeader()
        .exists("Retry-After");
    get("/v1/auth/me", user.token()).expectStatus().isOk();
  }
}

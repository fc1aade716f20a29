package org.kith.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.kith.core.audit.AdminEvent;
import org.kith.core.audit.AuditTrail;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;

/** Schema versions and resource servers' scopes are audited on their own trails; refused changes write nothing. */
@DisplayName("audit of schemas and scopes")
class ConfigurationAuditIT extends KithIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired
  Driver driver;

  @Autowired
  AuditTrail trail;

  /** One stored event: type, actor and details. */
  private record Event(String type, @Nullable String uId, Map<String, Object> event) {}

  private List<Event> events(String subject) {
    try (var session = driver.session()) {
      return session
          .run(
              "MATCH (e:AuditEvent {subject: $s}) RETURN e.event_type AS type, e.u_id AS u_id,"
                  + " e.event AS event ORDER BY e.seq",
              Map.of("s", subject))
          .list(r -> new Event(
              r.get("type").asString(),
              r.get("u_id").asString(null),
              parse(r.get("event").asString())));
    }
  }

  private static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String uIdOf(String token) {
    return (String) get("/v1/auth/me", token)
        .expectStatus()
        .isOk()
        .expectBody(Map.class)
        .returnResult()
        .getResponseBody()
        .get("u_id");
  }

  @Test
  @DisplayName(
      "each schema version is on the schema's trail with its author; Kith's own loading has none")
  void schemaVersions() {
    User u = newUser("schema-audit");
    String name = "audited_" + Math.abs(System.nanoTime());
    post(
            "/v1/db/schemas",
            u.token(),
            Map.of("name", name, "type", "us", "schema", Map.of("type", "object")))
        .expectStatus()
        .isCreated();
    put("/v1/db/schemas/us/" + name, u.token(), Map.of("schema", Map.of("type", "string")))
        .expectStatus()
        .isOk();
    put(
            "/v1/db/schemas/us/" + name,
            newUser("schema-other").token(),
            Map.of("schema", Map.of("type", "number")))
        .expectStatus()
        .isForbidden();

    String subject = AdminEvent.schemaSubject("us_" + name);
    assertThat(events(subject))
        .as("the refused version wrote nothing")
        .containsExactly(
            new Event("schema_version_add", u.uId(), Map.of("name", "us_" + name, "version", 1)),
            new Event("schema_version_add", u.uId(), Map.of("name", "us_" + name, "version", 2)));
    assertThat(trail.verify(subject).block()).isTrue();
    assertThat(events(AdminEvent.schemaSubject("ss_NZ_Person")))
        .first()
        .isEqualTo(
            new Event("schema_version_add", null, Map.of("name", "ss_NZ_Person", "version", 1)));
  }

  @Test
  @DisplayName(
      "a definition of scopes is on the resource server's trail, naming the admin and the scope values")
  void scopes() {
    String server = "audited-api-" + Math.abs(System.nanoTime());
    put(
            "/v1/aa/scopes",
            newUser("scopes-audit").token(),
            Map.of("resource_server", server, "scopes", List.of(Map.of("value", "kyc"))))
        .expectStatus()
        .isForbidden();
    String admin = adminToken();
    put(
            "/v1/aa/scopes",
            admin,
            Map.of("resource_server", server, "scopes", List.of(Map.of("value", "bad scope"))))
        .expectStatus()
        .isBadRequest();
    put(
            "/v1/aa/scopes",
            admin,
            Map.of(
                "resource_server",
                server,
                "scopes",
                List.of(
                    Map.of("value", "kyc", "description", "identity checks"),
                    Map.of("value", "aml"))))
        .expectStatus()
        .isOk();

    assertThat(events(AdminEvent.resourceServerSubject(server)))
        .as("the refused definitions wrote nothing")
        .containsExactly(new Event(
            "scopes_define",
            uIdOf(admin),
            Map.of("resource_server", server, "scopes", List.of("kyc", "aml"))));
  }

  @Test
  @DisplayName(
      "replacing one's preferences is on one's own trail by its number of keys; an oversized one writes nothing")
  void preferences() {
    User u = newUser("prefs-audit");
    put("/v1/db/preferences", u.token(), Map.of("theme", "dark", "language", "mi"))
        .expectStatus()
        .isOk();
    put("/v1/db/preferences", u.token(), Map.of("blob", "x".repeat(70_000)))
        .expectStatus()
        .isEqualTo(413);
    get("/v1/audit/" + u.uId(), u.token())
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Kith-Audit-Chain", "valid")
        .expectBody()
        .jsonPath("$[?(@.event_type == 'preferences_replace')].event.keys")
        .isEqualTo(List.of(2))
        .jsonPath("$[?(@.event_type == 'preferences_replace')].u_id")
        .isEqualTo(List.of(u.uId()));
  }
}

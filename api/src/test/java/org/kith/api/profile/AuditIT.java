package org.kith.api.profile;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.api.KithIT;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;

@DisplayName("/v1/audit")
class AuditIT extends KithIT {
  @Autowired
  Driver driver;

  @Test
  @DisplayName(
      "records changes and others' reads in a hash chain that detects tampering and deletion")
  void chain() {
    User owner = newUser("audited");
    User reader = newUser("reader");
    String nId = person(owner, "Audited");
    post(
            "/v1/db/permissions/" + nId,
            owner.token(),
            Map.of("u_id", reader.uId(), "permission", "VIEWS"))
        .expectStatus()
        .isOk();
    get("/v1/db/profile-objects/" + nId, reader.token()).expectStatus().isOk();
    get("/v1/db/profile-objects/" + nId, owner.token()).expectStatus().isOk();
    get("/v1/audit/" + nId, owner.token())
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Kith-Audit-Chain", "valid")
        .expectBody()
        .jsonPath("$.length()")
        .isEqualTo(3)
        .jsonPath("$[0].event_type")
        .isEqualTo("profile_read")
        .jsonPath("$[0].u_id")
        .isEqualTo(reader.uId())
        .jsonPath("$[1].event_type")
        .isEqualTo("permission_grant")
        .jsonPath("$[2].event_type")
        .isEqualTo("profile_create")
        .jsonPath("$[2].prev_hash")
        .doesNotExist()
        .jsonPath("$[1].prev_hash")
        .isEqualTo(hashAt(nId, 1));
    get("/v1/audit/" + nId, reader.token()).expectStatus().isNotFound();
    get("/v1/audit/" + owner.uId(), owner.token()).expectStatus().isOk();
    try (var session = driver.session()) {
      session
          .run(
              "MATCH (e:AuditEvent {subject: $s, seq: 2}) SET e.u_id = 'someone-else'",
              Map.of("s", nId))
          .consume();
    }
    get("/v1/audit/" + nId, owner.token())
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Kith-Audit-Chain", "broken");
    String other = person(owner, "Other");
    get("/v1/db/profile-objects/" + other, reader.token()).expectStatus().isNotFound();
    try (var session = driver.session()) {
      session
          .run(
              "MATCH (e:AuditEvent {subject: $s}) WITH e ORDER BY e.seq DESC LIMIT 1 DETACH DELETE e",
              Map.of("s", other))
          .consume();
    }
    get("/v1/audit/" + other, owner.token())
        .expectStatus()
        .isOk()
        .expectHeader()
        .valueEquals("Kith-Audit-Chain", "broken");
  }

  private String hashAt(String subject, int seq) {
    try (var session = driver.session()) {
      List<org.neo4j.driver.Record> r = session
          .run(
              "MATCH (e:AuditEvent {subject: $s, seq: $q}) RETURN e.hash AS h",
              Map.of("s", subject, "q", seq))
          .list();
      return r.get(0).get("h").asString();
    }
  }
}

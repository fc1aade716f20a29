package org.kith.graph.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.core.audit.AuditEvent;
import org.kith.core.audit.OrganisationEvent;
import org.kith.core.audit.RecordedEvent;
import org.kith.core.org.ApplicationRequest;
import org.kith.core.org.Organisation;
import org.kith.graph.TestGraph;
import org.kith.graph.audit.Neo4jAuditTrail;

@DisplayName("organisation store")
class OrganisationStoreTests {
  @Test
  @DisplayName(
      "application requests older than the cutoff are removed by the expiry job; newer ones stay")
  void expiry() {
    var db = TestGraph.connection();
    var store = new Neo4jOrganisationStore(db.cypher());
    Instant now = Instant.parse("2026-11-21T12:00:00Z");
    db.cypher().write("CREATE (:User {u_id: 'st-admin'})", Map.of()).block();
    store
        .create(
            new Organisation("st-org", "Org", "org@example.org", null, null, now),
            "st-admin",
            List.of())
        .block();
    store
        .createRequest(
            new ApplicationRequest(
                "st-old",
                "st-org",
                "a@example.org",
                "https://x.example",
                null,
                null,
                null,
                "sent",
                now.minus(Duration.ofDays(8)),
                now.minus(Duration.ofDays(8))),
            List.of())
        .block();
    store
        .createRequest(
            new ApplicationRequest(
                "st-new",
                "st-org",
                "b@example.org",
                "https://x.example",
                null,
                null,
                null,
                "sent",
                now.minus(Duration.ofDays(6)),
                now.minus(Duration.ofDays(6))),
            List.of())
        .block();
    assertThat(store
            .expireRequests(
                now.minus(Duration.ofDays(7)),
                (org, code) -> AuditEvent.of(
                    org, null, now, new OrganisationEvent.ApplicationRequestExpired(code)))
            .block())
        .isEqualTo(1L);
    assertThat(new Neo4jAuditTrail(db.cypher())
            .events("st-org", 10)
            .map(RecordedEvent::event)
            .collectList()
            .block())
        .as("the expiry is on the organisation's trail, written with the deletion")
        .contains(AuditEvent.of(
            "st-org", null, now, new OrganisationEvent.ApplicationRequestExpired("st-old")));
    assertThat(store
            .requests("st-org", 10)
            .map(ApplicationRequest::shortCode)
            .collectList()
            .block())
        .containsExactly("st-new");
    assertThat(store.role("st-org", "st-admin").block()).isEqualTo("admin");
    assertThat(store.role("st-org", "nobody").blockOptional()).isEmpty();
  }
}

package org.kith.graph.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.graph.TestGraph;

@DisplayName("disclosure version of the embedded database")
class DisclosureVersionTests {
  private final GraphConnection db = TestGraph.connection();
  private final DisclosureVersion version = db.disclosureVersion();

  /** Whether committing {@code statement} moved the counter. */
  private boolean moves(String statement) {
    long before = version.current();
    db.cypher().write(statement, Map.of()).block();
    return version.current() != before;
  }

  @Test
  @DisplayName("stays only for the provider's and the audit trail's bookkeeping")
  void classifiesCommits() {
    assertThat(version).as("the embedded database has one").isNotNull();
    String id = "dv-" + System.nanoTime();
    // what a code exchange and a userinfo call write: codes, grants, refresh tokens, audit events
    assertThat(moves("CREATE (:OidcCode {hash: '" + id + "-c', used: false})")).isFalse();
    assertThat(moves("MATCH (c:OidcCode {hash: '" + id + "-c'}) SET c.used = true,"
            + " c.version = 1 CREATE (c)-[:STARTED]->(g:OidcGrant {grant_id: '" + id
            + "', revoked: false})" + " CREATE (:OidcRefresh {hash: '" + id
            + "-r', used: false})-[:OF_GRANT]->(g)"))
        .isFalse();
    assertThat(moves("MATCH (g:OidcGrant {grant_id: '" + id + "'}) SET g.version = 2"))
        .isFalse();
    assertThat(moves("MATCH (t:OidcRefresh {hash: '" + id + "-r'}) SET t.used = true"))
        .isFalse();
    assertThat(moves("CREATE (:AuditEvent {subject: '" + id + "', seq: 1})"
            + " MERGE (h:AuditHead {subject: '" + id + "'}) SET h.seq = 1, h.hash = 'x'"))
        .isFalse();
    assertThat(moves("MATCH (h:AuditHead {subject: '" + id + "'}) SET h.seq = 2, h.hash = 'y',"
            + " h.touched = true REMOVE h.touched"))
        .isFalse();
    // a grant revoked, anything else about a grant, and everything outside the books
    assertThat(moves("MATCH (g:OidcGrant {grant_id: '" + id + "'}) SET g.revoked = true"))
        .isTrue();
    assertThat(moves("MATCH (g:OidcGrant {grant_id: '" + id + "'}) SET g.i_id = 'other'"))
        .isTrue();
    assertThat(moves("CREATE (:Instance {i_id: '" + id + "-i', _state: 'active'})"))
        .isTrue();
    assertThat(moves("MATCH (i:Instance {i_id: '" + id + "-i'}) SET i._state = 'withdrawn'"))
        .isTrue();
    assertThat(moves("CREATE (:ProfileObject {n_id: '" + id + "-o'})")).isTrue();
    assertThat(moves("MATCH (o:ProfileObject {n_id: '" + id + "-o'}) SET o.given_names = 'A'"))
        .isTrue();
    assertThat(moves("MATCH (o:ProfileObject {n_id: '" + id + "-o'}) SET o:Extra"))
        .isTrue();
    // a bookkeeping node with a second label, a link to anything else, a deletion
    assertThat(moves("CREATE (:OidcCode:ProfileObject {hash: '" + id + "-x'})")).isTrue();
    assertThat(moves("MATCH (g:OidcGrant {grant_id: '" + id + "'}), (o:ProfileObject {n_id: '" + id
            + "-o'}) CREATE (g)-[:STARTED]->(o)"))
        .isTrue();
    assertThat(moves("MATCH (c:OidcCode {hash: '" + id + "-c'}) DETACH DELETE c"))
        .isTrue();
  }
}

package org.kith.graph.neo4j;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.kith.graph.TestGraph;

@DisplayName("visibility version of the embedded database")
class VisibilityVersionTests {
  private final GraphConnection db = TestGraph.connection();
  private final VisibilityVersion version = db.visibilityVersion();

  /** Whether committing {@code statement} moved the counter of a user it has nothing to do with. */
  private boolean moves(String statement) {
    long before = version.current("bystander");
    db.cypher().write(statement, Map.of()).block();
    return version.current("bystander") != before;
  }

  @Test
  @DisplayName("moves for every change of who sees what, and stays for the writes around it")
  void classifiesCommits() {
    assertThat(version).as("the embedded database has one").isNotNull();
    String id = "vv-" + System.nanoTime();
    assertThat(moves("CREATE (:User {u_id: '" + id + "-u'}), (:Group {g_id: '" + id + "-g'})"))
        .isFalse();
    // new objects change only their owner's visible set
    long owners = version.current(id + "-u");
    assertThat(moves("MATCH (u:User {u_id: '" + id + "-u'}) CREATE (u)-[:IS_OWNER {p_id: '" + id
            + "-p1'," + " cascade: false}]->(:ProfileObject {n_id: '" + id + "-a'})"))
        .isFalse();
    assertThat(version.current(id + "-u")).isGreaterThan(owners);
    assertThat(moves("MATCH (u:User {u_id: '" + id + "-u'}) CREATE (u)-[:IS_OWNER {p_id: '" + id
            + "-p2'," + " cascade: false}]->(:ProfileObject {n_id: '" + id + "-b'})"))
        .isFalse();
    // unless the same transaction also shares or links them, or hands an existing object to a new
    // owner
    assertThat(moves("MATCH (u:User {u_id: '" + id
            + "-u'}), (p:Group {g_id: 'PUBLIC'}) CREATE (u)-[:IS_OWNER" + " {p_id: '" + id
            + "-p3', cascade: false}]->(c:ProfileObject {n_id: '" + id + "-c'})<-[:VIEWS]-(p)"))
        .isTrue();
    assertThat(
            moves("MATCH (u:User {u_id: '" + id + "-u'}), (a:ProfileObject {n_id: '" + id + "-a'})"
                + " CREATE (u)-[:IS_OWNER {p_id: '" + id
                + "-p4', cascade: false}]->(d:ProfileObject {n_id: '" + id
                + "-d'})<-[:HAS]-(a)"))
        .isTrue();
    assertThat(moves("MATCH (u:User {u_id: '" + id + "-u'}), (c:ProfileObject {n_id: '" + id
            + "-c'})" + " CREATE (u)-[:IS_OWNER {p_id: '" + id + "-p5'}]->(c)"))
        .isTrue();
    // audit events, sessions and other internal nodes, and their links to objects, change nothing
    assertThat(moves("MATCH (a:ProfileObject {n_id: '" + id
            + "-a'}) CREATE (:AuditEvent {subject: '" + id + "'})-[:OF]->(a)"))
        .isFalse();
    assertThat(moves("MATCH (u:User {u_id: '" + id + "-u'}) CREATE (:Session {s: '" + id
            + "'})-[:SESSION_OF]->(u)"))
        .isFalse();
    assertThat(moves("MATCH (s:Session {s: '" + id + "'}) DETACH DELETE s")).isFalse();
    assertThat(moves("MATCH (e:AuditEvent {subject: '" + id + "'})-[r:OF]->() DELETE r"))
        .isFalse();
    // relationships between objects carry cascading grants
    assertThat(moves("MATCH (a:ProfileObject {n_id: '" + id + "-a'}), (b:ProfileObject {n_id: '"
            + id + "-b'})" + " CREATE (a)-[:HAS]->(b)"))
        .isTrue();
    assertThat(
            moves("MATCH (:ProfileObject {n_id: '" + id + "-a'})-[r:HAS]->() SET r.since = 2020"))
        .isFalse();
    assertThat(moves("MATCH ()-[g {p_id: '" + id + "-p1'}]->() SET g.cascade = true"))
        .isTrue();
    assertThat(moves("MATCH (:ProfileObject {n_id: '" + id + "-a'})-[r:HAS]->() DELETE r"))
        .isTrue();
    // memberships, nesting included
    assertThat(moves("MATCH (u:User {u_id: '" + id + "-u'}), (g:Group {g_id: '" + id + "-g'})"
            + " CREATE (u)-[:BELONGS_TO]->(g)"))
        .isTrue();
    assertThat(moves("MATCH (:User {u_id: '" + id + "-u'})-[m:BELONGS_TO]->() DELETE m"))
        .isTrue();
    // object properties and labels do not decide visibility; deleting an object, user or group does
    assertThat(moves("MATCH (a:ProfileObject {n_id: '" + id + "-a'}) SET a.x = 1, a:Extra"))
        .isFalse();
    assertThat(moves("MATCH (a:ProfileObject {n_id: '" + id + "-b'}) DETACH DELETE a"))
        .isTrue();
    assertThat(moves("MATCH (g:Group {g_id: '" + id + "-g'}) DELETE g")).isTrue();
    assertThat(moves("MATCH (u:User {u_id: '" + id + "-u'}) DETACH DELETE u")).isTrue();
  }
}

package org.kith.graph.neo4j;

import java.util.List;
import java.util.Map;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * Idempotent start-up migrations: a unique constraint for every id, the indexes lookups use, and the
 * built-in {@code PUBLIC} group and internal lock nodes. Safe to run on every start and from several API nodes at once.
 */
final class Migrations {
  static final List<String> STATEMENTS = List.of(
      "CREATE CONSTRAINT user_u_id IF NOT EXISTS FOR (n:User) REQUIRE n.u_id IS UNIQUE",
      "CREATE CONSTRAINT user_username IF NOT EXISTS FOR (n:User) REQUIRE n.username IS UNIQUE",
      "CREATE CONSTRAINT group_g_id IF NOT EXISTS FOR (n:Group) REQUIRE n.g_id IS UNIQUE",
      "CREATE CONSTRAINT profile_object_n_id IF NOT EXISTS FOR (n:ProfileObject) REQUIRE n.n_id IS UNIQUE",
      "CREATE CONSTRAINT organisation_org_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.org_id IS UNIQUE",
      "CREATE CONSTRAINT application_a_id IF NOT EXISTS FOR (n:AccessApplication) REQUIRE n.a_id IS UNIQUE",
      "CREATE CONSTRAINT app_public_key_n_id IF NOT EXISTS FOR (n:AppPublicKey) REQUIRE n.n_id IS UNIQUE",
      "CREATE CONSTRAINT wrapped_key_id IF NOT EXISTS FOR (n:WrappedKey) REQUIRE n.wk_id IS UNIQUE",
      "CREATE CONSTRAINT instance_i_id IF NOT EXISTS FOR (n:Instance) REQUIRE n.i_id IS UNIQUE",
      "CREATE CONSTRAINT application_key IF NOT EXISTS FOR (n:AccessApplication) REQUIRE n.key IS UNIQUE",
      "CREATE CONSTRAINT application_request_code IF NOT EXISTS FOR (n:ApplicationRequest) REQUIRE n.short_code IS UNIQUE",
      "CREATE INDEX application_request_created IF NOT EXISTS FOR (n:ApplicationRequest) ON (n.created_at)",
      "CREATE CONSTRAINT domain_name IF NOT EXISTS FOR (n:Domain) REQUIRE (n.domain, n.org_id) IS UNIQUE",
      "CREATE CONSTRAINT short_link_id IF NOT EXISTS FOR (n:ShortLink) REQUIRE n.link_id IS UNIQUE",
      "CREATE INDEX org_invite_code IF NOT EXISTS FOR (n:OrgInvite) ON (n.code_hash)",
      "CREATE CONSTRAINT outbox_event_id IF NOT EXISTS FOR (n:OutboxEvent) REQUIRE n.event_id IS UNIQUE",
      "CREATE INDEX outbox_status_next IF NOT EXISTS FOR (n:OutboxEvent) ON (n.status, n.next_at)",
      "CREATE INDEX outbox_application IF NOT EXISTS FOR (n:OutboxEvent) ON (n.a_id)",
      "CREATE CONSTRAINT verification_code_key IF NOT EXISTS FOR (n:VerificationCode) REQUIRE n.key IS UNIQUE",
      "CREATE CONSTRAINT refresh_family_id IF NOT EXISTS FOR (n:RefreshFamily) REQUIRE n.family_id IS UNIQUE",
      "CREATE CONSTRAINT refresh_token_hash IF NOT EXISTS FOR (n:RefreshToken) REQUIRE n.hash IS UNIQUE",
      "CREATE CONSTRAINT pat_id IF NOT EXISTS FOR (n:PersonalAccessToken) REQUIRE n.pat_id IS UNIQUE",
      "CREATE CONSTRAINT login_throttle_key IF NOT EXISTS FOR (n:LoginThrottle) REQUIRE n.key IS UNIQUE",
      "CREATE INDEX login_throttle_expiry IF NOT EXISTS FOR (n:LoginThrottle) ON (n.expires_at)",
      "CREATE INDEX refresh_family_u_id IF NOT EXISTS FOR (n:RefreshFamily) ON (n.u_id)",
      "CREATE INDEX pat_u_id IF NOT EXISTS FOR (n:PersonalAccessToken) ON (n.u_id)",
      "CREATE CONSTRAINT audit_head_subject IF NOT EXISTS FOR (n:AuditHead) REQUIRE n.subject IS UNIQUE",
      "CREATE CONSTRAINT schema_head_name IF NOT EXISTS FOR (n:SchemaHead) REQUIRE n.name IS UNIQUE",
      "CREATE CONSTRAINT schema_name_version IF NOT EXISTS FOR (n:Schema) REQUIRE (n.name, n.version) IS UNIQUE",
      "CREATE INDEX audit_event_subject_seq IF NOT EXISTS FOR (n:AuditEvent) ON (n.subject, n.seq)",
      "CREATE INDEX schema_name_current IF NOT EXISTS FOR (n:Schema) ON (n.name, n.current)",
      "CREATE INDEX profile_object_doc IF NOT EXISTS FOR (n:ProfileObject) ON (n._doc_sha)",
      "MERGE (g:Group {g_id: 'PUBLIC'}) ON CREATE SET g.name = 'PUBLIC', g.built_in = true",
      // an internal node whose write lock serialises changes to group nesting (see Neo4jGroupStore)
      "CREATE CONSTRAINT lock_name IF NOT EXISTS FOR (n:Lock) REQUIRE n.name IS UNIQUE",
      "MERGE (:Lock {name: 'group_nesting'})",
      // Secrets live on internal nodes, never on the User node an analyst may see (graphs from before this moved).
      "MATCH (u:User) WHERE u.password_hash IS NOT NULL MERGE (u)-[:HAS_CREDENTIAL]->(c:Credential)"
          + " SET c.password_hash = u.password_hash REMOVE u.password_hash");

  private Migrations() {}

  /** Runs at start-up, before the application serves, so it uses the driver's blocking session. */
  static void apply(Driver driver, String database) {
    try (Session session = driver.session(SessionConfig.forDatabase(database))) {
      for (String statement : STATEMENTS) {
        // Schema statements may not share a transaction with data writes, so each runs on its own.
        session.executeWriteWithoutResult(tx -> tx.run(statement, Map.of()).consume());
      }
    }
  }
}

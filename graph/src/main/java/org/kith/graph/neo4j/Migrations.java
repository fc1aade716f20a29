package org.kith.graph.neo4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kith.core.authz.Subject;
import org.neo4j.driver.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up migrations: numbered {@link Migration steps} (a unique constraint for every id and the indexes lookups
 * use; the built-in {@code PUBLIC} group and internal lock nodes; back-fills of graphs written by older versions).
 * Each step is idempotent and runs in transactions without a time limit ({@link StartupTransactions}), so a slow
 * machine makes start-up slow, not failed. A step is recorded on an internal {@code :KithMigration} node only after
 * all its work committed, and recorded steps are skipped: a start after a crash (kill -9) mid-step runs that step
 * again (its committed part changes nothing the second time) and the ones after it. Safe to run from several API
 * nodes at once.
 */
final class Migrations {
  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  /** Rows one back-fill transaction changes at most. */
  static final int BATCH = 1_000;

  static final List<Migration> STEPS = List.of(
      Migration.schema(
          1,
          "unique ids and the indexes lookups use",
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
          "CREATE CONSTRAINT application_request_code IF NOT EXISTS FOR (n:ApplicationRequest)"
              + " REQUIRE n.short_code IS UNIQUE",
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
          "CREATE INDEX refresh_family_u_id IF NOT EXISTS FOR (n:RefreshFamily) ON (n.u_id)",
          "CREATE INDEX pat_u_id IF NOT EXISTS FOR (n:PersonalAccessToken) ON (n.u_id)",
          "CREATE CONSTRAINT audit_head_subject IF NOT EXISTS FOR (n:AuditHead) REQUIRE n.subject IS UNIQUE",
          "CREATE CONSTRAINT schema_head_name IF NOT EXISTS FOR (n:SchemaHead) REQUIRE n.name IS UNIQUE",
          "CREATE CONSTRAINT schema_name_version IF NOT EXISTS FOR (n:Schema) REQUIRE (n.name, n.version) IS UNIQUE",
          "CREATE INDEX audit_event_subject_seq IF NOT EXISTS FOR (n:AuditEvent) ON (n.subject, n.seq)",
          "CREATE INDEX schema_name_current IF NOT EXISTS FOR (n:Schema) ON (n.name, n.current)",
          "CREATE INDEX profile_object_doc IF NOT EXISTS FOR (n:ProfileObject) ON (n._doc_sha)",
          "CREATE CONSTRAINT lock_name IF NOT EXISTS FOR (n:Lock) REQUIRE n.name IS UNIQUE"),
      // an internal node whose write lock serialises changes to group nesting (see Neo4jGroupStore)
      Migration.data(
          2,
          "the built-in PUBLIC group and the group-nesting lock",
          "MERGE (g:Group {g_id: '" + Subject.PUBLIC + "'}) ON CREATE SET g.name = '"
              + Subject.PUBLIC + "', g.built_in = true",
          "MERGE (:Lock {name: 'group_nesting'})"),
      // Secrets live on internal nodes, never on the User node an analyst may see (graphs from
      // before this moved).
      Migration.backfill(
          3,
          "password hashes move from User nodes to internal Credential nodes",
          "MATCH (u:User) WHERE u.password_hash IS NOT NULL WITH u LIMIT $batch"
              + " MERGE (u)-[:HAS_CREDENTIAL]->(c:Credential) SET c.password_hash = u.password_hash"
              + " REMOVE u.password_hash RETURN count(*) AS changed"),
      // expired login-throttle counters are purged by this index (see Neo4jLoginThrottle)
      Migration.schema(
          4,
          "the expiry index of login-throttle counters",
          "CREATE INDEX login_throttle_expiry IF NOT EXISTS FOR (n:LoginThrottle) ON (n.expires_at)"),
      // Kith as an OpenID Provider (see Neo4jAuthorizationStore)
      Migration.schema(
          5,
          "the OpenID Provider's requests, codes, grants and refresh tokens",
          "CREATE CONSTRAINT oidc_request_id IF NOT EXISTS FOR (n:OidcRequest) REQUIRE n.request_id IS UNIQUE",
          "CREATE CONSTRAINT oidc_code_hash IF NOT EXISTS FOR (n:OidcCode) REQUIRE n.hash IS UNIQUE",
          "CREATE CONSTRAINT oidc_grant_id IF NOT EXISTS FOR (n:OidcGrant) REQUIRE n.grant_id IS UNIQUE",
          "CREATE CONSTRAINT oidc_refresh_hash IF NOT EXISTS FOR (n:OidcRefresh) REQUIRE n.hash IS UNIQUE"),
      Migration.schema(
          6,
          "the OpenID Provider's sign-in sessions (logout)",
          "CREATE INDEX oidc_session_code IF NOT EXISTS FOR (n:OidcSession) ON (n.code_hash)",
          "CREATE INDEX oidc_session_family IF NOT EXISTS FOR (n:OidcSession) ON (n.u_id, n.family_id)",
          "CREATE INDEX oidc_session_instance IF NOT EXISTS FOR (n:OidcSession) ON (n.i_id)"),
      // second factors (see Neo4jSecondFactorStore)
      Migration.schema(
          7,
          "TOTP authenticators and the second steps of logins",
          "CREATE CONSTRAINT totp_factor_u_id IF NOT EXISTS FOR (n:TotpFactor) REQUIRE n.u_id IS UNIQUE",
          "CREATE CONSTRAINT mfa_challenge_hash IF NOT EXISTS FOR (n:MfaChallenge) REQUIRE n.hash IS UNIQUE",
          "CREATE INDEX mfa_challenge_u_id IF NOT EXISTS FOR (n:MfaChallenge) ON (n.u_id)"),
      // passkeys (see Neo4jPasskeyStore)
      Migration.schema(
          8,
          "WebAuthn credentials, user handles and challenges",
          "CREATE CONSTRAINT webauthn_cred_id IF NOT EXISTS FOR (n:WebAuthnCredential) REQUIRE n.cred_id IS UNIQUE",
          "CREATE INDEX webauthn_cred_u_id IF NOT EXISTS FOR (n:WebAuthnCredential) ON (n.u_id)",
          "CREATE CONSTRAINT webauthn_user_u_id IF NOT EXISTS FOR (n:WebAuthnUser) REQUIRE n.u_id IS UNIQUE",
          "CREATE CONSTRAINT webauthn_user_handle IF NOT EXISTS FOR (n:WebAuthnUser) REQUIRE n.handle IS UNIQUE",
          "CREATE CONSTRAINT webauthn_challenge IF NOT EXISTS FOR (n:WebAuthnChallenge) REQUIRE n.hash IS UNIQUE",
          "CREATE INDEX webauthn_challenge_expiry IF NOT EXISTS FOR (n:WebAuthnChallenge) ON (n.expires_at)"),
      // the owner of what Kith itself ships as profile objects (Clarity models): no credential and
      // disabled, so no one can log in as it; created before any sign-up, so no one can take its
      // username; a fixed creation time, so the step writes the same graph whenever it runs
      Migration.data(
          9,
          "the built-in system account that owns shipped Clarity models",
          "MERGE (u:User {u_id: '" + Subject.SYSTEM_USER + "'}) ON CREATE SET u.username = '"
              + Subject.SYSTEM_USER
              + "', u.verified = true, u.reset_pending = false, u.disabled = true,"
              + " u.built_in = true, u.created_at = datetime('2026-12-07T00:00:00Z')"),
      // a person's own short links are found by their owner when the account is erased
      Migration.schema(
          10,
          "the owner index of personal short links",
          "CREATE INDEX short_link_owner IF NOT EXISTS FOR (n:ShortLink) ON (n.owner_u_id)"),
      // every organisation names its owner: its creator (the actor of the first event on its trail)
      // if still
      // an admin, else the admin with the smallest id; one with no admin left has none
      Migration.data(
          11,
          "the owner of every organisation",
          "MATCH (o:Organisation) WHERE o.owner_u_id IS NULL"
              + " OPTIONAL MATCH (e:AuditEvent {subject: o.org_id, seq: 1})"
              + " OPTIONAL MATCH (a:User)-[:ADMIN_OF]->(o)"
              + " WITH o, e.u_id AS creator, collect(a.u_id) AS admins"
              + " SET o.owner_u_id = CASE WHEN creator IN admins THEN creator"
              + " ELSE reduce(m = null, x IN admins | CASE WHEN m IS NULL OR x < m THEN x ELSE m END)"
              + " END"),
      // the installation's sealed keys (see Neo4jKeyVault)
      Migration.schema(
          12,
          "one sealed key per name",
          "CREATE CONSTRAINT kith_key_name IF NOT EXISTS FOR (n:KithKey) REQUIRE n.name IS UNIQUE"));

  private static final String RECORDS = "CREATE CONSTRAINT kith_migration_version IF NOT EXISTS"
      + " FOR (n:KithMigration) REQUIRE n.version IS UNIQUE";

  private Migrations() {}

  /** What a run has committed: logged at start-up; a test stops a run here, as a crash would. */
  interface Progress {
    /** One transaction of {@code step} committed, having changed {@code changed} rows (back-fills) or -1. */
    void committed(Migration step, long changed);

    Progress LOGGED = (step, changed) -> {
      if (changed > 0) {
        LOG.info("migration {}: {} more rows", step.version(), changed);
      }
    };
  }

  /** Runs at start-up, before the application serves; returns the versions of the steps it ran. */
  static List<Integer> apply(StartupTransactions tx) {
    return apply(tx, STEPS, BATCH, Progress.LOGGED);
  }

  static List<Integer> apply(
      StartupTransactions tx, List<Migration> steps, int batch, Progress progress) {
    tx.write(RECORDS, Map.of());
    Map<Integer, String> done = new HashMap<>();
    for (Record r : tx.read(
        "MATCH (m:KithMigration) RETURN m.version AS version, m.fingerprint AS fingerprint",
        Map.of())) {
      done.put(r.get("version").asInt(), r.get("fingerprint").asString());
    }
    List<Integer> ran = new ArrayList<>();
    for (Migration step : steps) {
      String fingerprint = step.fingerprint();
      if (fingerprint.equals(done.get(step.version()))) {
        continue;
      }
      LOG.info("migration {}: {}", step.version(), step.description());
      run(tx, step, batch, progress);
      tx.write(
          "MERGE (m:KithMigration {version: $version}) SET m.description = $description,"
              + " m.fingerprint = $fingerprint, m.applied_at = datetime()",
          Map.of(
              "version",
              step.version(),
              "description",
              step.description(),
              "fingerprint",
              fingerprint));
      ran.add(step.version());
    }
    if (!ran.isEmpty()) {
      LOG.info("migrations {} applied", ran);
    }
    return ran;
  }

  private static void run(StartupTransactions tx, Migration step, int batch, Progress progress) {
    for (String statement : step.statements()) {
      if (step.kind() == Migration.Kind.BACKFILL) {
        long changed;
        do {
          changed =
              tx.write(statement, Map.of("batch", batch)).get(0).get("changed").asLong();
          progress.committed(step, changed);
        } while (changed > 0);
      } else {
        tx.write(statement, Map.of());
        progress.committed(step, -1);
      }
    }
    if (step.kind() == Migration.Kind.SCHEMA) {
      tx.awaitIndexesOnline();
    }
  }
}

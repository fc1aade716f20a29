package org.kith.graph.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.kith.core.query.GuardDefect;
import org.kith.core.query.QueryResult;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.profile.Neo4jPermissionGraph;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/**
 * A seeded random graph in Kith's model — users with credentials and refresh tokens, groups, profile objects
 * with several schema labels, grants (some cascading, some to groups and PUBLIC), relationships between objects
 * and audit events — and its isolated copy: a second database holding only what the analyst may see,
 * computed through the permission graph's per-object access check (not the guard's visible-set query).
 */
final class AnalystFixture {
  static final String ANALYST = "qa-u1";
  static final List<String> USERS = List.of("qa-u1", "qa-u2", "qa-u3", "qa-u4");
  static final List<String> SCHEMAS = List.of("ss_A", "ss_B", "us_C");
  static final List<String> REL_TYPES = List.of("LINKS", "HAS", "KNOWS");
  static final int OBJECTS = 80;

  private AnalystFixture() {}

  static void build(GraphConnection db, long seed) {
    Random rnd = new Random(seed);
    run(
        db,
        "UNWIND $users AS u CREATE (n:User {u_id: u, username: u + '@example.org', verified: true,"
            + " created_at: datetime('2026-01-01T00:00:00Z')})"
            + " CREATE (n)-[:HAS_CREDENTIAL]->(:Credential {password_hash: '$argon2id$secret-of-' + u})"
            + " CREATE (:RefreshToken {hash: 'token-of-' + u})-[:TOKEN_OF]->(n)"
            // the other internal nodes that hang off a user, as Kith's stores write them
            + " CREATE (n)-[:HOLDS]->(:WrappedKey {wk_id: 'wk-' + u, u_id: u, key: 'wrapped-key-of-' + u})"
            + " CREATE (:PersonalAccessToken {pat_id: 'pat-' + u, secret_hash: 'pat-hash-of-' + u})-[:PAT_OF]->(n)"
            + " CREATE (n)-[:CONSENTED]->(:Instance {instance_id: 'inst-' + u})"
            + " CREATE (n)-[:ADMIN_OF]->(:Organisation {org_id: 'org-' + u, name: 'org of ' + u})",
        Map.of("users", USERS));
    run(
        db,
        "MATCH (a:User {u_id: 'qa-u1'}), (b:User {u_id: 'qa-u2'}), (c:User {u_id: 'qa-u3'})"
            + " CREATE (g1:Group {g_id: 'qa-g1', name: 'one', owner_u_id: 'qa-u1'}),"
            + " (g2:Group {g_id: 'qa-g2', name: 'two', owner_u_id: 'qa-u3'})"
            + " CREATE (a)-[:BELONGS_TO]->(g1), (b)-[:BELONGS_TO]->(g1), (c)-[:BELONGS_TO]->(g2)",
        Map.of());
    List<Map<String, Object>> objects = new ArrayList<>();
    for (int i = 0; i < OBJECTS; i++) {
      Map<String, Object> o = new HashMap<>();
      o.put("n_id", String.format("qa-n%03d", i));
      o.put("label", SCHEMAS.get(rnd.nextInt(SCHEMAS.size())));
      o.put("x", (long) rnd.nextInt(100));
      o.put("name", "name-" + i);
      o.put("flag", rnd.nextBoolean());
      o.put("tags", List.of("t" + rnd.nextInt(3), "t" + rnd.nextInt(3)));
      o.put("owner", USERS.get(i % 5 == 0 ? 0 : rnd.nextInt(USERS.size())));
      objects.add(o);
    }
    for (String label : SCHEMAS) {
      // labels cannot be parameters in Cypher 5; they come from the fixed list above
      run(
          db,
          "UNWIND $objects AS o WITH o WHERE o.label = $label MATCH (u:User {u_id: o.owner})"
              + " CREATE (n:ProfileObject:" + label
              + " {n_id: o.n_id, x: o.x, name: o.name, flag: o.flag,"
              + " tags: o.tags, _json: '{}'}) CREATE (u)-[:IS_OWNER {p_id: o.n_id + '.own', cascade: false}]->(n)"
              + " CREATE (:AuditEvent {subject: o.n_id, event_type: 'create', u_id: o.owner, seq: 1})",
          Map.of("objects", objects, "label", label));
    }
    List<String> subjects =
        List.of("u:qa-u1", "u:qa-u2", "u:qa-u3", "u:qa-u4", "g:qa-g1", "g:qa-g2", "g:PUBLIC");
    List<String> perms = List.of("VIEWS", "EDITS", "ADMINS");
    List<Map<String, Object>> grants = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      String s = subjects.get(rnd.nextInt(subjects.size()));
      grants.add(Map.of(
          "kind",
          s.substring(0, 1),
          "id",
          s.substring(2),
          "perm",
          perms.get(rnd.nextInt(3)),
          "n_id",
          String.format("qa-n%03d", rnd.nextInt(OBJECTS)),
          "cascade",
          rnd.nextInt(10) < 3,
          "p_id",
          "qa-g" + i));
    }
    for (String perm : perms) {
      run(
          db,
          "UNWIND $grants AS g WITH g WHERE g.perm = $perm"
              + " MATCH (s) WHERE (g.kind = 'u' AND s:User AND s.u_id = g.id) OR (g.kind = 'g' AND s:Group AND s.g_id = g.id)"
              + " MATCH (n:ProfileObject {n_id: g.n_id})"
              + " CREATE (s)-[:" + perm + " {p_id: g.p_id, cascade: g.cascade}]->(n)",
          Map.of("grants", grants, "perm", perm));
    }
    List<Map<String, Object>> rels = new ArrayList<>();
    for (int i = 0; i < 110; i++) {
      rels.add(Map.of(
          "from",
          String.format("qa-n%03d", rnd.nextInt(OBJECTS)),
          "to",
          String.format("qa-n%03d", rnd.nextInt(OBJECTS)),
          "type",
          REL_TYPES.get(rnd.nextInt(3)),
          "p_id",
          "qa-r" + i,
          "w",
          (long) rnd.nextInt(10)));
    }
    for (String type : REL_TYPES) {
      run(
          db,
          "UNWIND $rels AS r WITH r WHERE r.type = $type"
              + " MATCH (a:ProfileObject {n_id: r.from}), (b:ProfileObject {n_id: r.to})"
              + " CREATE (a)-[:" + type + " {p_id: r.p_id, w: r.w}]->(b)",
          Map.of("rels", rels, "type", type));
    }
    // nested groups (drawn last, so the graph above stays what it was for this seed): the analyst's
    // g1 is nested
    // in g3, which is nested in g4, so the analyst belongs to both; g2 is nested in g5, which the
    // analyst is not in
    run(
        db,
        "MATCH (g1:Group {g_id: 'qa-g1'}), (g2:Group {g_id: 'qa-g2'}), (d:User {u_id: 'qa-u4'})"
            + " CREATE (g3:Group {g_id: 'qa-g3', name: 'three', owner_u_id: 'qa-u4'}),"
            + " (g4:Group {g_id: 'qa-g4', name: 'four', owner_u_id: 'qa-u4'}),"
            + " (g5:Group {g_id: 'qa-g5', name: 'five', owner_u_id: 'qa-u4'})"
            + " CREATE (d)-[:BELONGS_TO]->(g3), (d)-[:BELONGS_TO]->(g4), (d)-[:BELONGS_TO]->(g5),"
            + " (g1)-[:BELONGS_TO]->(g3), (g3)-[:BELONGS_TO]->(g4), (g2)-[:BELONGS_TO]->(g5)",
        Map.of());
    List<Map<String, Object>> nested = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      nested.add(Map.of(
          "g",
          List.of("qa-g3", "qa-g4", "qa-g5").get(i % 3),
          "n_id",
          String.format("qa-n%03d", rnd.nextInt(OBJECTS)),
          "cascade",
          rnd.nextInt(10) < 3,
          "p_id",
          "qa-ng" + i));
    }
    run(
        db,
        "UNWIND $grants AS g MATCH (s:Group {g_id: g.g}), (n:ProfileObject {n_id: g.n_id})"
            + " CREATE (s)-[:VIEWS {p_id: g.p_id, cascade: g.cascade}]->(n)",
        Map.of("grants", nested));
  }

  /** The analyst's visible object ids, through the API's own per-object access check. */
  static Set<String> visibleObjects(GraphConnection db) {
    Neo4jPermissionGraph permissions = new Neo4jPermissionGraph(db.cypher());
    Set<String> visible = new TreeSet<>();
    List<String> all = db.cypher()
        .read(
            "MATCH (n:ProfileObject) RETURN n.n_id AS id",
            Map.of(),
            r -> r.get("id").asString())
        .collectList()
        .block();
    for (String nId : all) {
      if (permissions.access(ANALYST, nId).block().visible()) {
        visible.add(nId);
      }
    }
    return visible;
  }

  /** Replaces {@code copy}'s contents with the analyst's visible subgraph of {@code db}. */
  static void copyVisible(GraphConnection db, GraphConnection copy, Set<String> objects) {
    run(copy, "MATCH (n) DETACH DELETE n", Map.of());
    List<Record> nodes = db.cypher()
        .read(
            "MATCH (n) WHERE (n:ProfileObject AND n.n_id IN $objects)"
                + " OR (n:User AND n.u_id = $u) OR (n:Group AND (n.g_id = 'PUBLIC'"
                + "   OR EXISTS { (:User {u_id: $u})-[:BELONGS_TO*1..5]->(n) }))"
                + " RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props",
            Map.of("objects", List.copyOf(objects), "u", ANALYST),
            r -> r)
        .collectList()
        .block();
    Map<String, String> keyOf = new LinkedHashMap<>();
    int i = 0;
    for (Record r : nodes) {
      String key = "k" + i++;
      keyOf.put(r.get("id").asString(), key);
      String labels = String.join(":", r.get("labels").asList(Value::asString));
      run(
          copy,
          "CREATE (n:" + labels + ") SET n = $props, n.__copy_key = $key",
          Map.of("props", publicProperties(r.get("props")), "key", key));
    }
    List<Record> rels = db.cypher()
        .read(
            "MATCH (a)-[r]->(b) WHERE elementId(a) IN $ids AND elementId(b) IN $ids"
                + " RETURN elementId(a) AS a, elementId(b) AS b, type(r) AS type, properties(r) AS props",
            Map.of("ids", List.copyOf(keyOf.keySet())),
            r -> r)
        .collectList()
        .block();
    for (Record r : rels) {
      run(
          copy,
          "MATCH (a {__copy_key: $a}), (b {__copy_key: $b}) CREATE (a)-[r:"
              + r.get("type").asString() + "]->(b) SET r = $props",
          Map.of(
              "a",
              keyOf.get(r.get("a").asString()),
              "b",
              keyOf.get(r.get("b").asString()),
              "props",
              publicProperties(r.get("props"))));
    }
    run(copy, "MATCH (n) REMOVE n.__copy_key", Map.of());
  }

  /** A copied entity's properties without Kith's own (starting with _), which are not the analyst's to see. */
  private static Map<String, Object> publicProperties(Value properties) {
    Map<String, Object> out = new HashMap<>(properties.asMap());
    out.keySet().removeIf(key -> key.startsWith("_"));
    return out;
  }

  /** Runs {@code query} unguarded and maps it exactly as the guard maps its results. */
  static QueryResult raw(GraphConnection db, String query, Map<String, Object> params) {
    Map<Long, String> ids = IDS.computeIfAbsent(db, AnalystFixture::publicIds);
    var mapper = new ResultMapper(ids);
    List<List<Object>> rows = new ArrayList<>();
    List<String> columns = new ArrayList<>();
    try {
      db.cypher()
          .read(query, params, r -> {
            if (columns.isEmpty()) {
              columns.addAll(r.keys());
            }
            return rows.add(mapper.row(r, r.keys()));
          })
          .blockLast();
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof GuardDefect) {
          // only an unguarded run on the full database meets a secret; it certainly differs from a
          // guarded one
          return new QueryResult(List.of("secret"), List.of(List.of("a secret property")), false);
        }
      }
      throw e;
    }
    return new QueryResult(columns, rows, false);
  }

  private static final Map<GraphConnection, Map<Long, String>> IDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Node id → public id of every node (the fixture does not change after it is built). */
  private static Map<Long, String> publicIds(GraphConnection db) {
    Map<Long, String> ids = new HashMap<>();
    db.cypher()
        .read(
            "MATCH (n) RETURN id(n) AS e, coalesce(n.n_id, n.u_id, n.g_id, '') AS id",
            Map.of(),
            r -> {
              ids.put(r.get("e").asLong(), r.get("id").asString());
              return true;
            })
        .blockLast();
    return ids;
  }

  private static void run(GraphConnection db, String query, Map<String, Object> params) {
    db.cypher().write(query, params).block();
  }
}

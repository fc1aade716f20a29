package org.kith.graph.query;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.kith.graph.neo4j.GraphConnection;
import org.kith.graph.neo4j.GraphSettings;

/**
 * Benchmark of the analyst query guard (run by {@code bench/query.sh}, not a test): builds a graph of N profile
 * objects owned by 200 users, with an analyst who sees about a tenth of them (through a group grant, a few
 * cascading grants — unless the third argument is {@code false} — and PUBLIC), then times five representative queries guarded (through
 * {@link Neo4jAnalystQueries}) and raw (the same text, unguarded, on the same database), interleaved in one run.
 * Also times the guard's own steps: parse + rewrite + round-trip check, the visible-set read, and EXPLAIN.
 */
public final class QueryBench {
  /** Keeps each result alive, so the work that made it cannot be skipped. */
  private static volatile Object sink;

  private static final String ANALYST = "bench-analyst";

  private QueryBench() {}

  public static void main(String[] args) throws Exception {
    int objects = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    boolean cascades = args.length <= 2 || Boolean.parseBoolean(args[2]);
    try (GraphConnection db =
        GraphConnection.open(GraphSettings.embedded(Files.createTempDirectory("kith-qb-")))) {
      long t0 = System.nanoTime();
      build(db, objects, cascades);
      System.out.printf(
          Locale.ROOT, "built %,d objects in %.1f s%n", objects, (System.nanoTime() - t0) / 1e9);
      Neo4jAnalystQueries guard = new Neo4jAnalystQueries(db);
      String visibleId = db.cypher()
          .read(
              "MATCH (:Group {g_id: 'bench-g'})-[:VIEWS]->(n) RETURN n.n_id AS id" + " LIMIT 1",
              Map.of(),
              r -> r.get("id").asString())
          .blockFirst();
      Map<String, Object> params = Map.of("id", visibleId);
      long visible = (Long) guard
          .run(ANALYST, "MATCH (n) RETURN count(n) AS c", Map.of(), 1, Duration.ofSeconds(60))
          .block()
          .rows()
          .get(0)
          .get(0);
      System.out.printf(Locale.ROOT, "the analyst sees %,d nodes%n%n", visible);
      List<String[]> queries = List.of(
          new String[] {
            "count by label", "MATCH (n:ProfileObject) RETURN labels(n) AS l, count(*) AS c"
          },
          new String[] {"lookup by id", "MATCH (n:ProfileObject {n_id: $id}) RETURN n"},
          new String[] {
            "range, order, top 20",
            "MATCH (n:ss_A) WHERE n.x > 900 RETURN n.n_id AS id, n.x AS x ORDER BY x DESC LIMIT 20"
          },
          new String[] {"one-hop aggregate", "MATCH (a:ss_A)-[:LINKS]->(b) RETURN count(*) AS c"},
          new String[] {
            "two-hop neighbours",
            "MATCH (a {n_id: $id})-->()-->(c) RETURN DISTINCT c.n_id AS id" + " LIMIT 100"
          });
      System.out.println(
          "| query | guarded p50 ms | raw p50 ms | guarded ÷ raw | guarded rows | raw rows |");
      System.out.println("|---|---|---|---|---|---|");
      for (String[] q : queries) {
        for (int i = 0; i < 5; i++) {
          guard.run(ANALYST, q[1], params, 10_000, Duration.ofSeconds(60)).block();
          db.cypher().read(q[1], params, r -> r).collectList().block();
        }
        long[] g = new long[rounds];
        long[] r = new long[rounds];
        int[] rows = new int[2];
        for (int i = 0; i < rounds; i++) {
          g[i] = time(() -> rows[0] = guard
              .run(ANALYST, q[1], params, 10_000, Duration.ofSeconds(60))
              .block()
              .rows()
              .size());
          r[i] = time(() -> rows[1] =
              db.cypher().read(q[1], params, x -> x).collectList().block().size());
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | %.1f | %.1f | %.2f | %d | %d |%n",
            q[0],
            p50(g),
            p50(r),
            p50(g) / p50(r),
            rows[0],
            rows[1]);
      }
      oneHopParts(db, guard, queries.get(3)[1], rounds);
      // the first query after a visibility change reads the scope again (the cache is per
      // visibility version)
      long[] cold = new long[rounds];
      long[] coldRaw = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        // another user joins or leaves the analyst's group: a committed change, so every cached
        // scope is stale
        db.cypher()
            .write(
                i % 2 == 0
                    ? "MATCH (u:User {u_id: 'bench-u1'}), (g:Group {g_id: 'bench-g'}) CREATE (u)-[:BELONGS_TO]->(g)"
                    : "MATCH (:User {u_id: 'bench-u1'})-[m:BELONGS_TO]->() DELETE m",
                Map.of())
            .block();
        cold[i] = time(() -> guard
            .run(ANALYST, queries.get(1)[1], params, 10_000, Duration.ofSeconds(60))
            .block()
            .rows()
            .size());
        coldRaw[i] = time(() -> db.cypher()
            .read(queries.get(1)[1], params, x -> x)
            .collectList()
            .block()
            .size());
      }
      System.out.printf(
          Locale.ROOT,
          "%nlookup by id as the first query after a permission change: guarded %.1f ms,"
              + " raw %.1f ms, ratio %.2f%n",
          p50(cold),
          p50(coldRaw),
          p50(cold) / p50(coldRaw));
      String rewritten = CypherGuard.rewrite(queries.get(2)[1]);
      var scope =
          db.cypher().read(Scopes.SCOPE, Map.of("u_id", ANALYST), r -> r).blockFirst();
      Map<String, Object> explainParams = new HashMap<>(params);
      explainParams.put(CypherGuard.SUBJECTS, scope.get("subjects").asList(v -> v.asLong()));
      explainParams.put(CypherGuard.CASCADED, scope.get("cascaded").asList(v -> v.asLong()));
      long[] parse = new long[rounds * 10];
      long[] visibleSet = new long[rounds];
      long[] explain = new long[rounds];
      for (int i = 0; i < parse.length; i++) {
        String text = queries.get(i % queries.size())[1];
        parse[i] = time(() -> CypherGuard.rewrite(text).length());
      }
      for (int i = 0; i < rounds; i++) {
        visibleSet[i] = time(() -> db.cypher()
            .read(Scopes.SCOPE, Map.of("u_id", ANALYST), r -> r.get("cascaded").size())
            .blockFirst());
        explain[i] = time(() -> db.cypher()
            .read("EXPLAIN " + rewritten, explainParams, x -> x)
            .collectList()
            .block()
            .size());
      }
      System.out.printf(
          Locale.ROOT,
          "%nguard steps, p50: parse + rewrite + round-trip check %.2f ms;"
              + " scope (subjects and %,d cascaded objects) %.1f ms; EXPLAIN %.1f ms%n",
          p50(parse),
          ((List<?>) explainParams.get(CypherGuard.CASCADED)).size(),
          p50(visibleSet),
          p50(explain));
    }
  }

  /**
   * Where the one-hop count's time goes. Its raw plan reads Neo4j's count store (a constant-time lookup, no
   * relationship touched); the same count forced to traverse (a filter the count store cannot answer) shows what
   * the guarded plan is up against, and two parts of the guarded plan are timed alone: sending the caller's visible
   * set as a parameter, and checking the label scan's nodes against it.
   */
  private static void oneHopParts(
      GraphConnection db, Neo4jAnalystQueries guard, String oneHop, int rounds) {
    var scope = db.cypher().read(Scopes.SCOPE, Map.of("u_id", ANALYST), r -> r).blockFirst();
    List<Long> subjects = scope.get("subjects").asList(v -> v.asLong());
    java.util.Set<Long> ids = new java.util.LinkedHashSet<>(subjects);
    ids.addAll(scope.get("cascaded").asList(v -> v.asLong()));
    ids.addAll(db.cypher()
        .read(
            Scopes.DIRECT,
            Map.of(CypherGuard.SUBJECTS, subjects),
            r -> r.get("direct").asList(v -> v.asLong()))
        .blockFirst());
    List<Long> visible = List.copyOf(ids);
    Map<String, Object> set = Map.of(CypherGuard.VISIBLE, visible);
    Map<String, Supplier<?>> parts = new java.util.LinkedHashMap<>();
    parts.put(
        "guarded (the whole pipeline)",
        () ->
            guard.run(ANALYST, oneHop, Map.of(), 10_000, Duration.ofSeconds(60)).block());
    parts.put(
        "raw (count store)",
        () -> db.cypher().read(oneHop, Map.of(), x -> x).collectList().block());
    parts.put(
        "raw, forced to traverse (`WHERE id(b) >= 0`)",
        () -> db.cypher()
            .read(
                "MATCH (a:ss_A)-[:LINKS]->(b) WHERE id(b) >= 0 RETURN count(*) AS c",
                Map.of(),
                x -> x)
            .collectList()
            .block());
    parts.put(
        "trivial query (`RETURN 1`)",
        () -> db.cypher().read("RETURN 1 AS c", Map.of(), x -> x).collectList().block());
    parts.put(
        "trivial query sent the " + visible.size() + " visible ids",
        () -> db.cypher().read("RETURN 1 AS c", set, x -> x).collectList().block());
    parts.put(
        "label scan (`MATCH (a:ss_A) WHERE id(a) >= 0 RETURN count(*)`)",
        () -> db.cypher()
            .read("MATCH (a:ss_A) WHERE id(a) >= 0 RETURN count(*) AS c", Map.of(), x -> x)
            .collectList()
            .block());
    parts.put(
        "label scan checked against the visible ids (`… WHERE id(a) IN $__visible …`)",
        () -> db.cypher()
            .read(
                "MATCH (a:ss_A) WHERE id(a) IN $" + CypherGuard.VISIBLE + " RETURN count(*) AS c",
                set,
                x -> x)
            .collectList()
            .block());
    long[][] times = new long[parts.size()][rounds];
    List<Supplier<?>> work = List.copyOf(parts.values());
    for (int i = 0; i < 5; i++) {
      work.forEach(w -> sink = w.get());
    }
    for (int i = 0; i < rounds; i++) {
      for (int j = 0; j < work.size(); j++) {
        times[j][i] = time(work.get(j));
      }
    }
    System.out.printf(
        Locale.ROOT, "%none-hop aggregate, where the time goes (p50, same run, interleaved):%n%n");
    System.out.println("| step | p50 ms |");
    System.out.println("|---|---|");
    int j = 0;
    for (String name : parts.keySet()) {
      System.out.printf(Locale.ROOT, "| %s | %.1f |%n", name, p50(times[j++]));
    }
    System.out.printf(
        Locale.ROOT, "%nguarded ÷ raw forced to traverse: %.2f%n", p50(times[0]) / p50(times[2]));
  }

  private static void build(GraphConnection db, int objects, boolean cascades) {
    Random rnd = new Random(1);
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      users.add(i == 0 ? ANALYST : "bench-u" + i);
    }
    db.cypher()
        .write(
            "UNWIND $users AS u CREATE (:User {u_id: u, username: u + '@example.org'})"
                + "-[:HAS_CREDENTIAL]->(:Credential {password_hash: 'x'})",
            Map.of("users", users))
        .block();
    db.cypher()
        .write(
            "MATCH (u:User {u_id: $a}) CREATE (u)-[:BELONGS_TO]->(:Group {g_id: 'bench-g', name: 'g'})",
            Map.of("a", ANALYST))
        .block();
    String[] labels = {"ss_A", "ss_B", "us_C"};
    int batch = 10_000;
    for (int from = 0; from < objects; from += batch) {
      for (String label : labels) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = from; i < Math.min(objects, from + batch); i++) {
          if (!labels[i % 3].equals(label)) {
            continue;
          }
          Map<String, Object> o = new HashMap<>();
          o.put("n_id", String.format("bn%07d", i));
          o.put("x", (long) rnd.nextInt(1000));
          o.put("owner", users.get(1 + rnd.nextInt(users.size() - 1)));
          // about a tenth through the analyst's group, a few hundred to PUBLIC
          o.put("group", rnd.nextInt(10) == 0);
          o.put("public", rnd.nextInt(300) == 0);
          rows.add(o);
        }
        db.cypher()
            .write(
                "UNWIND $rows AS o MATCH (u:User {u_id: o.owner})"
                    + " CREATE (n:ProfileObject:" + label + " {n_id: o.n_id, x: o.x, _json: '{}'})"
                    + " CREATE (u)-[:IS_OWNER {p_id: o.n_id + '.own', cascade: false}]->(n)"
                    + " WITH n, o WHERE o.group MATCH (g:Group {g_id: 'bench-g'})"
                    + " CREATE (g)-[:VIEWS {p_id: o.n_id + '.g', cascade: false}]->(n)",
                Map.of("rows", rows))
            .block();
        db.cypher()
            .write(
                "UNWIND $rows AS o WITH o WHERE o.public MATCH (n:ProfileObject {n_id: o.n_id}),"
                    + " (p:Group {g_id: 'PUBLIC'}) CREATE (p)-[:VIEWS {p_id: o.n_id + '.p', cascade: false}]->(n)",
                Map.of("rows", rows))
            .block();
      }
      List<Map<String, Object>> rels = new ArrayList<>();
      for (int i = 0; i < batch * 2 && from + batch <= objects; i++) {
        rels.add(Map.of(
            "a",
            String.format("bn%07d", from + rnd.nextInt(batch)),
            "b",
            String.format("bn%07d", rnd.nextInt(Math.min(objects, from + batch))),
            "p",
            "br" + from + "-" + i));
      }
      db.cypher()
          .write(
              "UNWIND $rels AS r MATCH (a:ProfileObject {n_id: r.a}), (b:ProfileObject {n_id: r.b})"
                  + " CREATE (a)-[:LINKS {p_id: r.p}]->(b)",
              Map.of("rels", rels))
          .block();
    }
    if (!cascades) {
      return;
    }
    // a few cascading grants: the analyst sees what hangs under them
    db.cypher()
        .write(
            "MATCH (u:User {u_id: $a}) MATCH (n:ProfileObject) WHERE n.n_id IN $roots"
                + " CREATE (u)-[:VIEWS {p_id: n.n_id + '.c', cascade: true}]->(n)",
            Map.of("a", ANALYST, "roots", List.of("bn0000001", "bn0000002", "bn0000003")))
        .block();
  }

  private static long time(Supplier<?> work) {
    long start = System.nanoTime();
    sink = work.get();
    return System.nanoTime() - start;
  }

  private static double p50(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }
}

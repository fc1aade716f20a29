package org.kith.graph.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random read queries over the {@link AnalystFixture} vocabulary, for the differential oracle. */
final class QueryGenerator {
  private static final List<String> LABELS = List.of(
      "",
      "",
      ":ProfileObject",
      ":ss_A",
      ":ss_B",
      ":us_C",
      ":User",
      ":Group",
      ":Credential",
      ":AuditEvent",
      ":ss_A|us_C",
      ":!ss_B",
      ":ProfileObject&!ss_A",
      ":WrappedKey",
      ":Organisation|Instance");
  private static final List<String> TYPES = List.of(
      "",
      "",
      ":LINKS",
      ":HAS|KNOWS",
      ":IS_OWNER",
      ":VIEWS",
      ":BELONGS_TO",
      ":HAS_CREDENTIAL",
      ":TOKEN_OF",
      ":HOLDS|ADMIN_OF|CONSENTED",
      ":PAT_OF");

  private QueryGenerator() {}

  static String next(Random rnd) {
    String la = pick(rnd, LABELS);
    String lb = pick(rnd, LABELS);
    String t = pick(rnd, TYPES);
    int shape = rnd.nextInt(7);
    boolean hasB = shape != 0;
    boolean hasR = shape >= 1 && shape <= 3;
    String pattern = switch (shape) {
      case 0 -> "(a" + la + ")";
      case 1 -> "(a" + la + ")-[r" + t + "]->(b" + lb + ")";
      case 2 -> "(a" + la + ")<-[r" + t + "]-(b" + lb + ")";
      case 3 -> "(a" + la + ")-[r" + t + "]-(b" + lb + ")";
      case 4 -> "(a" + la + ")-->(m)-->(b" + lb + ")";
      case 5 -> "(a" + la + ") (()-[" + t + "]->()){1,3} (b" + lb + ")";
      default -> "(a" + la + "), (b" + lb + ")";
    };
    List<String> where = new ArrayList<>(List.of(
        "",
        "",
        "a.x > " + rnd.nextInt(100),
        "a.flag",
        "EXISTS { (a)-->(" + pick(rnd, LABELS) + ") }",
        "a.name STARTS WITH 'name-" + rnd.nextInt(9) + "'",
        "COUNT { (a)--() } > " + rnd.nextInt(4),
        "'t1' IN a.tags",
        "a.u_id IS NOT NULL"));
    if (hasB) {
      where.add("b.x < " + rnd.nextInt(100));
      where.add("a.x + b.x > 100");
    }
    if (hasR) {
      where.add("r.w > " + rnd.nextInt(10));
      where.add("r.cascade");
    }
    String w = pick(rnd, where);
    StringBuilder q =
        new StringBuilder("MATCH ").append(pattern).append(w.isEmpty() ? "" : " WHERE " + w);
    boolean optional = rnd.nextInt(4) == 0;
    if (optional) {
      q.append(" OPTIONAL MATCH (a)-[o")
          .append(pick(rnd, TYPES))
          .append("]-(z")
          .append(pick(rnd, LABELS))
          .append(')');
    }
    List<String> returns = new ArrayList<>(List.of(
        "count(*) AS c",
        "a",
        "a.n_id AS id, a.x AS x",
        "collect(DISTINCT labels(a)) AS ls",
        "a.x AS x, count(*) AS c",
        "a.n_id AS id, [(a)-->(q) | q.x] AS xs",
        "a.n_id AS id, COUNT { (a)<--() } AS ins",
        "keys(a) AS k",
        "a {.x, .name} AS p",
        "sum(a.x) AS s",
        "DISTINCT labels(a) AS l"));
    if (hasB) {
      returns.add("b");
      returns.add("a.n_id AS a, b.n_id AS b");
    }
    if (hasR) {
      returns.add("r");
      returns.add("type(r) AS t, count(*) AS c");
      returns.add("startNode(r) AS s, endNode(r) AS e");
    }
    if (optional) {
      returns.add("a.n_id AS id, count(z) AS zs");
      returns.add("o");
    }
    // sorted on values that leave no two different rows tied, so the order is the same in both
    // databases
    returns.add("a.n_id AS id, a.x AS x ORDER BY x DESC, id");
    returns.add("a.n_id AS id ORDER BY id LIMIT 5");
    String tail = switch (rnd.nextInt(8)) {
      case 0 -> " WITH a, count(*) AS c WHERE c > 1 RETURN a.n_id AS id, c ORDER BY id, c";
      case 1 -> " RETURN a.n_id AS id UNION MATCH (a:Group) RETURN a.g_id AS id";
      case 2 -> " UNWIND keys(a) AS k RETURN k, count(*) AS c";
      default -> " RETURN " + pick(rnd, returns);
    };
    return q.append(tail).toString();
  }

  private static String pick(Random rnd, List<String> options) {
    return options.get(rnd.nextInt(options.size()));
  }
}

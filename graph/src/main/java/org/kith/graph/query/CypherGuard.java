package org.kith.graph.query;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.graph.profile.PermissionQueries;
import org.neo4j.cypherdsl.core.Condition;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Statement;
import org.neo4j.cypherdsl.core.SymbolicName;
import org.neo4j.cypherdsl.core.renderer.Configuration;
import org.neo4j.cypherdsl.core.renderer.Dialect;
import org.neo4j.cypherdsl.core.renderer.Renderer;

/**
 * Turns an analyst's Cypher into a query that can only read what the caller may see, or rejects it.
 *
 * <p>The cypher-dsl parser drives Neo4j's own Cypher grammar through an AST factory: every clause, pattern and
 * expression of the query, wherever it is nested, is built by one factory call. This guard puts itself between
 * the grammar and cypher-dsl's factory, so it sees each construct exactly once, and:
 * <ul>
 *   <li>allows only the factory calls of reading queries; any other construct (CREATE, MERGE, SET, REMOVE,
 *       DELETE, FOREACH, LOAD CSV, procedure CALL, SHOW, USE, TERMINATE, CALL … IN TRANSACTIONS, schema and
 *       administration commands) is rejected by name, so a construct this guard does not know fails closed;</li>
 *   <li>requires {@link #VISIBLE_TEMPLATE visibility} of every node pattern — in MATCH and OPTIONAL MATCH,
 *       quantified path patterns, pattern comprehensions, EXISTS/COUNT/COLLECT subqueries, CALL subqueries,
 *       UNION parts — in the WHERE of the construct that binds it, naming anonymous nodes {@code __k0, __k1, …}
 *       so they can be named there. Relationships can only be matched between two node patterns, so they are
 *       visible only between visible nodes;</li>
 *   <li>re-parses the rendered text and refuses the query unless every node and relationship pattern came
 *       through rendering with its details (cypher-dsl omits them where it wrongly believes a variable is
 *       bound);</li>
 *   <li>rejects old-style variable-length relationships ({@code -[*]->}) and quantified relationships
 *       ({@code -[:R]->+}), whose intermediate nodes no pattern names; quantified path patterns say the same and
 *       their every node is a node pattern;</li>
 *   <li>turns pattern predicates {@code WHERE (a)-->(b)} into {@code EXISTS { (a)-->(b) }} (the same in
 *       Cypher 5, where pattern expressions are predicates only), because those may not name new nodes;</li>
 *   <li>allows only built-in, side-effect-free functions that read no other node than their arguments;</li>
 *   <li>ends a single query whose final RETURN has no LIMIT with {@code LIMIT $__limit} (the caller's row limit
 *       and one more, to tell a cut result), so the database sorts with a bounded top-N and stops early; a
 *       UNION is cut only where its rows are read;</li>
 *   <li>bounds what one row can hold or scan, which the database does not count against a transaction's memory
 *       or time limit (neo4j/neo4j#13848): {@code reduce()} is refused (its accumulator can double each step),
 *       list comprehensions and all/any/none/single may not be nested in one another, and {@code range()} fails
 *       beyond {@link #MAX_RANGE} values; and a static bound of the values one row builds ({@link RowBounds}) may
 *       not exceed {@link #MAX_ROW_VALUES}, or {@link #MAX_GRAPH_ROW_VALUES} once the query reads graph rows;</li>
 *   <li>refuses internal ids ({@code id()}, {@code elementId()}) and Kith's own {@code _}-properties by name, and
 *       filters them where a name is computed ({@link InternalNames});</li>
 *   <li>reserves names and parameters starting with {@code __}.</li>
 * </ul>
 * Only the re-rendered statement is ever executed. Each parse is one {@link Rewriting}; the grammar and
 * cypher-dsl's factory are reached through {@link ParserInternals}. Thread-safe: each call builds its own factory
 * proxy.
 */
final class CypherGuard {
  /**
   * Parameter: ids of the caller's User node and groups (PUBLIC included). The guard's parameters name nodes by
   * Neo4j's internal id ({@code id(n)}, a long) rather than {@code elementId(n)} (a string of ~45 characters):
   * both name the same record and both may be reused after a deletion (the caller's visibility version guards
   * against that), but a list of longs is a fraction of the bytes to send and hash — at 5,000 cascaded objects
   * that is ~2 ms of every query (bench/query.sh).
   */
  static final String SUBJECTS = "__subjects";
  /** Parameter: ids of the profile objects the caller sees through cascading grants. */
  static final String CASCADED = "__cascaded";

  static final String SUBJECT_VAR = "__s";
  static final String GRANT_VAR = "__g";

  /**
   * Whether the node in {@code %1$s} is visible to the caller: one of its subjects, reached by a cascading
   * grant, or the target of a grant held by one of its subjects. Evaluated per candidate node, so a query that
   * touches few nodes pays little, whatever the caller may see.
   */
  static final String VISIBLE_TEMPLATE = "(id(%1$s) IN $" + SUBJECTS + " OR id(%1$s) IN $"
      + CASCADED
      + " OR EXISTS { (%1$s:ProfileObject)<-[" + GRANT_VAR + ":" + PermissionQueries.GRANTS + "]-("
      + SUBJECT_VAR + ")"
      + " WHERE id(" + SUBJECT_VAR + ") IN $" + SUBJECTS + " })";
  /** The most values one {@code range()} may produce; beyond, the query fails naming {@link #RANGE_TOO_LARGE}. */
  static final int MAX_RANGE = 1_000_000;
  /**
   * The most values one row of an analyst query may build, by the guard's static bound ({@link RowBounds}): at
   * some tens of millions of simple values a second, well within a query's time limit.
   */
  static final long MAX_ROW_VALUES = 10_000_000;
  /**
   * The most values one row may build once the query reads rows from the graph ({@code MATCH}): the database
   * checks its time limit only every so many rows read, so each row's work is multiplied by that stride before
   * the limit can end the query. Measured on a 2-CPU machine with a 1 s limit over a three-node cross product of
   * 199 nodes: the largest rows accepted ended 0.2–1.1 s past the limit, 1,000,000 values a row ran 21–27 s.
   */
  static final long MAX_GRAPH_ROW_VALUES = 100_000;
  /** The text of the error a too large {@code range()} raises (the database's message quotes it). */
  static final String RANGE_TOO_LARGE = "kith-range-too-large";
  /** Parameter: the most rows a query's final RETURN may produce (see {@link #rewrite(String, Check)}). */
  static final String LIMIT = "__limit";
  /** Parameter: ids of everything the caller may see, for {@link Check#BY_SET}. */
  static final String VISIBLE = "__visible";

  static final String RESERVED = "__";

  /** How a rewritten query checks a node's visibility. */
  enum Check {
    /**
     * {@link #VISIBLE_TEMPLATE} on each candidate node: nothing to prepare, a little work per candidate; for
     * queries that touch few nodes.
     */
    PER_NODE(VISIBLE_TEMPLATE),
    /**
     * Membership in the caller's whole visible set, read beforehand: a hash lookup per candidate; for queries that
     * scan many nodes.
     */
    BY_SET("id(%1$s) IN $" + VISIBLE);

    final String template;

    Check(String template) {
      this.template = template;
    }

    Condition on(SymbolicName variable) {
      String raw = template.replace("%1$s", "$E");
      Object[] uses = new Object[raw.split("\\$E", -1).length - 1];
      java.util.Arrays.fill(uses, variable);
      return Cypher.raw(raw, uses).asCondition();
    }
  }

  private static final String CYPHER_5 = "CYPHER 5 ";
  private static final Renderer RENDERER = Renderer.getRenderer(
      Configuration.newConfig().withDialect(Dialect.NEO4J_5_CYPHER_5).build());

  /**
   * Built-in functions an analyst may call: they compute from their arguments only. Excluded are those that
   * look anything up by name or id ({@code db.*}, {@code graph.*}) and every user-defined function.
   */
  static final Set<String> FUNCTIONS = Set.of(
      "abs",
      "acos",
      "asin",
      "atan",
      "atan2",
      "avg",
      "btrim",
      "ceil",
      "char_length",
      "character_length",
      "coalesce",
      "collect",
      "cos",
      "cot",
      "count",
      "date",
      "date.realtime",
      "date.statement",
      "date.transaction",
      "date.truncate",
      "datetime",
      "datetime.fromepoch",
      "datetime.fromepochmillis",
      "datetime.realtime",
      "datetime.statement",
      "datetime.transaction",
      "datetime.truncate",
      "degrees",
      "duration",
      "duration.between",
      "duration.indays",
      "duration.inmonths",
      "duration.inseconds",
      "e",
      "elementid",
      "endnode",
      "exp",
      "floor",
      "haversin",
      "head",
      "id",
      "isempty",
      "isnan",
      "keys",
      "labels",
      "last",
      "left",
      "length",
      "localdatetime",
      "localdatetime.realtime",
      "localdatetime.statement",
      "localdatetime.transaction",
      "localdatetime.truncate",
      "localtime",
      "localtime.realtime",
      "localtime.statement",
      "localtime.transaction",
      "localtime.truncate",
      "log",
      "log10",
      "ltrim",
      "max",
      "min",
      "nodes",
      "normalize",
      "nullif",
      "percentilecont",
      "percentiledisc",
      "pi",
      "point",
      "point.distance",
      "point.withinbbox",
      "properties",
      "radians",
      "rand",
      "randomuuid",
      "range",
      "relationships",
      "replace",
      "reverse",
      "right",
      "round",
      "rtrim",
      "sign",
      "sin",
      "size",
      "split",
      "sqrt",
      "startnode",
      "stdev",
      "stdevp",
      "substring",
      "sum",
      "tail",
      "tan",
      "time",
      "time.realtime",
      "time.statement",
      "time.transaction",
      "time.truncate",
      "timestamp",
      "toboolean",
      "tobooleanlist",
      "tobooleanornull",
      "tofloat",
      "tofloatlist",
      "tofloatornull",
      "tointeger",
      "tointegerlist",
      "tointegerornull",
      "tolower",
      "tostring",
      "tostringlist",
      "tostringornull",
      "toupper",
      "trim",
      "type",
      "valuetype",
      "vector.similarity.cosine",
      "vector.similarity.euclidean");

  private CypherGuard() {}

  /** {@link #rewrite(String, Check)} with {@link Check#PER_NODE}. */
  static String rewrite(String query) {
    return rewrite(query, Check.PER_NODE);
  }

  /**
   * The statement to execute in place of {@code query}. It needs parameters {@link #SUBJECTS} and {@link #CASCADED}
   * ({@link Check#PER_NODE}) or {@link #VISIBLE} ({@link Check#BY_SET}), and {@link #LIMIT}.
   */
  static String rewrite(String query, Check check) {
    return rewrite(query, check, Set.of());
  }

  /**
   * {@link #rewrite(String, Check)}, allowing {@code CALL}s of the named procedures ({@code namespace.name}). What
   * they yield carries no visibility check: allow only procedures that yield no nodes, relationships or paths (the
   * post-check fails a query that returns any outside the caller's visible set) and reveal nothing of the graph.
   */
  static String rewrite(String query, Check check, Set<String> procedures) {
    Rewriting rewriting = new Rewriting(true, check, procedures);
    String rendered = RENDERER.render(parse(query, rewriting));
    rewriting.requireAllBound();
    rewriting.requireBounded(MAX_ROW_VALUES, MAX_GRAPH_ROW_VALUES);
    if (rewriting.endsInUnlimitedReturn()) {
      // the renderer writes a RETURN's ORDER BY, SKIP and LIMIT last, and nothing follows the final
      // RETURN
      rendered += " LIMIT $" + LIMIT;
    }
    // cypher-dsl leaves out a node's or relationship's details where it believes the variable is
    // already bound,
    // and its idea of scope is not always Cypher's; a query whose patterns did not survive
    // rendering is refused
    Rewriting again = new Rewriting(false, check, procedures);
    parse(rendered.startsWith(CYPHER_5) ? rendered.substring(CYPHER_5.length()) : rendered, again);
    if (!again.shape.equals(rewriting.shape)) {
      throw new QueryRejected(
          "the guard cannot re-render this query faithfully; give each pattern variable"
              + " its labels and properties where it is first bound, or rename variables that WITH dropped");
    }
    return rendered;
  }

  private static Statement parse(String query, Rewriting rewriting) {
    try {
      return ParserInternals.parse(query, rewriting);
    } catch (QueryRejected e) {
      throw e;
    } catch (Exception | Error e) {
      QueryRejected rejected = findRejection(e);
      if (rejected != null) {
        throw rejected;
      }
      if (e instanceof StackOverflowError) {
        throw new QueryRejected("the query is nested too deeply");
      }
      if (e instanceof Error error && !(e instanceof AssertionError)) {
        throw error;
      }
      throw new QueryRejected("the query uses Cypher the guard cannot check"
          + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
    }
  }

  private static @Nullable QueryRejected findRejection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof QueryRejected q) {
        return q;
      }
    }
    return null;
  }

  static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unknown reason";
    }
    int nl = message.indexOf('\n');
    return truncate(nl < 0 ? message : message.substring(0, nl), 200);
  }

  static String truncate(@Nullable String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }
}

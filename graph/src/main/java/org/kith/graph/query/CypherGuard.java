package org.kith.graph.query;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.neo4j.cypherdsl.core.Condition;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Expression;
import org.neo4j.cypherdsl.core.Labels;
import org.neo4j.cypherdsl.core.Statement;
import org.neo4j.cypherdsl.core.SymbolicName;
import org.neo4j.cypherdsl.core.Where;
import org.neo4j.cypherdsl.core.renderer.Configuration;
import org.neo4j.cypherdsl.core.renderer.Dialect;
import org.neo4j.cypherdsl.core.renderer.Renderer;
import org.neo4j.cypherdsl.parser.Options;
import org.neo4j.cypherdsl.parser.internal.ast.factory.ASTExpressionFactory;
import org.neo4j.cypherdsl.parser.internal.ast.factory.ASTFactory;
import org.neo4j.cypherdsl.parser.internal.parser.common.ast.factory.ASTExceptionFactory;
import org.neo4j.cypherdsl.parser.internal.parser.javacc.CypherCharStream;
import org.neo4j.cypherdsl.parser.internal.parser.javacc.CypherConstants;
import org.neo4j.cypherdsl.parser.internal.parser.javacc.ParseException;
import org.neo4j.cypherdsl.parser.internal.parser.javacc.Token;

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
 *       beyond {@link #MAX_RANGE} values;</li>
 *   <li>reserves names and parameters starting with {@code __}.</li>
 * </ul>
 * Only the re-rendered statement is ever executed. The factory and the exception factory of cypher-dsl are
 * package-private, so they are reached reflectively; the version is pinned and {@code CypherGuardTests}
 * fails if their shape changes. Thread-safe: each call builds its own factory proxy.
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
  private static final String SUBJECT_VAR = "__s";
  private static final String GRANT_VAR = "__g";

  /**
   * Whether the node in {@code %1$s} is visible to the caller: one of its subjects, reached by a cascading
   * grant, or the target of a grant held by one of its subjects. Evaluated per candidate node, so a query that
   * touches few nodes pays little, whatever the caller may see.
   */
  static final String VISIBLE_TEMPLATE = "(id(%1$s) IN $" + SUBJECTS + " OR id(%1$s) IN $" + CASCADED
      + " OR EXISTS { (%1$s:ProfileObject)<-[" + GRANT_VAR + ":IS_OWNER|ADMINS|EDITS|VIEWS]-(" + SUBJECT_VAR + ")"
      + " WHERE id(" + SUBJECT_VAR + ") IN $" + SUBJECTS + " })";
  /** The most values one {@code range()} may produce; beyond, the query fails naming {@link #RANGE_TOO_LARGE}. */
  static final int MAX_RANGE = 1_000_000;
  /** The text of the error a too large {@code range()} raises (the database's message quotes it). */
  static final String RANGE_TOO_LARGE = "kith-range-too-large";
  private static final Set<String> ITERATING = Set.of("listComprehension", "allExpression", "anyExpression",
      "noneExpression", "singleExpression");
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
  private static final String ANONYMOUS = "__k";
  private static final String CYPHER_5 = "CYPHER 5 ";

  private static final Object DSL_FACTORY;
  private static final Method OFFSET;
  private static final ASTExceptionFactory EXCEPTIONS;
  private static final Renderer RENDERER =
      Renderer.getRenderer(Configuration.newConfig().withDialect(Dialect.NEO4J_5_CYPHER_5).build());

  static {
    try {
      Class<?> factory = Class.forName("org.neo4j.cypherdsl.parser.CypherDslASTFactory");
      Method getInstance = factory.getDeclaredMethod("getInstance", Options.class);
      getInstance.setAccessible(true);
      DSL_FACTORY = getInstance.invoke(null, Options.defaultOptions());
      OFFSET = Class.forName("org.neo4j.cypherdsl.parser.InputPosition").getDeclaredMethod("offset");
      OFFSET.setAccessible(true);
      Field instance = Class.forName("org.neo4j.cypherdsl.parser.CypherDslASTExceptionFactory")
          .getDeclaredField("INSTANCE");
      instance.setAccessible(true);
      EXCEPTIONS = (ASTExceptionFactory) instance.get(null);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Factory calls that build reading queries (clauses, patterns, path selectors, hints). */
  private static final Set<String> READING = Set.of("statements", "newSingleQuery", "newUnion",
      "newReturnClause", "newReturnItems", "newReturnItem", "orderAsc", "orderDesc", "orderBySkipLimitClause",
      "whereClause", "withClause", "matchClause", "unwindClause", "subqueryClause", "newFinishClause",
      "namedPattern", "pathPattern", "patternElement", "patternWithSelector", "nodePattern",
      "relationshipPattern", "parenthesizedPathPattern", "quantifiedRelationship", "fixedPathQuantifier",
      "intervalPathQuantifier", "plusPathQuantifier", "starPathQuantifier", "anyPathSelector",
      "allPathSelector", "anyShortestPathSelector", "allShortestPathSelector", "shortestGroupsSelector",
      "shortestPathPattern", "allShortestPathsPattern", "usingIndexHint", "usingJoin", "usingScan",
      "differentRelationships", "addDeprecatedIdentifierUnicodeNotification", "callResultItem");

  /**
   * Built-in functions an analyst may call: they compute from their arguments only. Excluded are those that
   * look anything up by name or id ({@code db.*}, {@code graph.*}) and every user-defined function.
   */
  static final Set<String> FUNCTIONS = Set.of("abs", "acos", "asin", "atan", "atan2", "avg", "btrim", "ceil",
      "char_length", "character_length", "coalesce", "collect", "cos", "cot", "count", "date", "date.realtime",
      "date.statement", "date.transaction", "date.truncate", "datetime", "datetime.fromepoch",
      "datetime.fromepochmillis", "datetime.realtime", "datetime.statement", "datetime.transaction",
      "datetime.truncate", "degrees", "duration", "duration.between", "duration.indays", "duration.inmonths",
      "duration.inseconds", "e", "elementid", "endnode", "exp", "floor", "haversin", "head", "id", "isempty", "isnan",
      "keys", "labels", "last", "left", "length", "localdatetime", "localdatetime.realtime",
      "localdatetime.statement", "localdatetime.transaction", "localdatetime.truncate", "localtime",
      "localtime.realtime", "localtime.statement", "localtime.transaction", "localtime.truncate", "log", "log10",
      "ltrim", "max", "min", "nodes", "normalize", "nullif", "percentilecont", "percentiledisc", "pi", "point",
      "point.distance", "point.withinbbox", "properties", "radians", "rand", "randomuuid", "range",
      "relationships", "replace", "reverse", "right", "round", "rtrim", "sign", "sin", "size", "split", "sqrt",
      "startnode", "stdev", "stdevp", "substring", "sum", "tail", "tan", "time", "time.realtime",
      "time.statement", "time.transaction", "time.truncate", "timestamp", "toboolean", "tobooleanlist",
      "tobooleanornull", "tofloat", "tofloatlist", "tofloatornull", "tointeger", "tointegerlist",
      "tointegerornull", "tolower", "tostring", "tostringlist", "tostringornull", "toupper", "trim", "type",
      "valuetype", "vector.similarity.cosine", "vector.similarity.euclidean");

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
    if (rewriting.endsInUnlimitedReturn()) {
      // the renderer writes a RETURN's ORDER BY, SKIP and LIMIT last, and nothing follows the final RETURN
      rendered += " LIMIT $" + LIMIT;
    }
    // cypher-dsl leaves out a node's or relationship's details where it believes the variable is already bound,
    // and its idea of scope is not always Cypher's; a query whose patterns did not survive rendering is refused
    Rewriting again = new Rewriting(false, check, procedures);
    parse(rendered.startsWith(CYPHER_5) ? rendered.substring(CYPHER_5.length()) : rendered, again);
    if (!again.shape.equals(rewriting.shape)) {
      throw new QueryRejected("the guard cannot re-render this query faithfully; give each pattern variable"
          + " its labels and properties where it is first bound, or rename variables that WITH dropped");
    }
    return rendered;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Statement parse(String query, Rewriting rewriting) {
    ASTFactory factory = (ASTFactory) Proxy.newProxyInstance(CypherGuard.class.getClassLoader(),
        new Class<?>[] {ASTFactory.class}, rewriting);
    try {
      var parser = new org.neo4j.cypherdsl.parser.internal.parser.javacc.Cypher(factory, EXCEPTIONS,
          new CypherCharStream(query));
      Object parsed = parser.Statement();
      if (!(parsed instanceof Statement statement)) {
        throw new QueryRejected("the query is not a statement");
      }
      Token next = parser.getToken(1);
      if (next.kind != CypherConstants.EOF && !(";".equals(next.image) && parser.getToken(2).kind == CypherConstants.EOF)) {
        throw new QueryRejected("send one statement at a time (text follows the statement at line " + next.beginLine
            + ", column " + next.beginColumn + ")");
      }
      return statement;
    } catch (QueryRejected e) {
      throw e;
    } catch (ParseException e) {
      throw new QueryRejected(syntaxMessage(e));
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

  private static String syntaxMessage(ParseException e) {
    if (e.currentToken != null && e.currentToken.next != null) {
      var at = e.currentToken.next;
      return "syntax error at line " + at.beginLine + ", column " + at.beginColumn + " near '"
          + truncate(at.image, 40) + "'";
    }
    return "syntax error: " + firstLine(e.getMessage());
  }

  private static @Nullable QueryRejected findRejection(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof QueryRejected q) {
        return q;
      }
    }
    return null;
  }

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unknown reason";
    }
    int nl = message.indexOf('\n');
    return truncate(nl < 0 ? message : message.substring(0, nl), 200);
  }

  private static String truncate(@Nullable String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  /**
   * One parse: forwards allowed factory calls to cypher-dsl's factory and attaches the visibility predicate to
   * the clause that binds each node. The grammar builds a construct after everything inside it, and every node
   * pattern after its opening parenthesis, so the innermost construct created after a node pattern whose
   * keyword comes before it — a quantified path pattern, a pattern comprehension, an EXISTS or COUNT pattern, a
   * MATCH — is the one that binds it. There the predicate goes into the construct's WHERE, which cypher-dsl
   * always renders (it may leave out a node's own details when it believes the variable is already bound).
   */
  private static final class Rewriting implements InvocationHandler {
    private int anonymous;
    /** The last RETURN clause built, whether it had a LIMIT, and whether the last query built is a single one. */
    private @Nullable Object lastReturn;
    private boolean lastReturnLimited;
    private @Nullable Object lastQueryEnd;
    private boolean lastQuerySingle;
    private final List<Pending> pending = new ArrayList<>();
    private final Map<Object, Expression> wheres = new IdentityHashMap<>();
    /** Expressions whose evaluation cannot fail because of a node's data, and which of them are constants. */
    private final Map<Object, Boolean> safe = new IdentityHashMap<>();
    private final Map<Object, Object[]> conjunctions = new IdentityHashMap<>();
    /** Expressions that iterate over a list (list comprehensions, all/any/none/single) or contain one. */
    private final Map<Object, Boolean> iterating = new IdentityHashMap<>();
    final List<String> shape = new ArrayList<>();
    private final boolean rewrite;

    private final Check check;

    private final Set<String> procedures;

    Rewriting(boolean rewrite, Check check, Set<String> procedures) {
      this.rewrite = rewrite;
      this.check = check;
      this.procedures = procedures;
    }

    /**
     * A node pattern waiting for the construct that binds it: its visibility condition, and its own inline
     * predicate if that must only be evaluated on visible nodes.
     */
    private record Pending(int offset, Condition condition, @Nullable Expression guarded) {}

    /** What a construct's node patterns need: all visible; then these predicates. */
    private record Claimed(@Nullable Condition visible, List<Expression> guarded) {}

    @Override
    public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
      String name = method.getName();
      if (method.getDeclaringClass() == Object.class) {
        return switch (name) {
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> args != null && proxy == args[0];
          default -> "CypherGuard.Rewriting";
        };
      }
      Object[] a = args == null ? new Object[0] : args;
      switch (name) {
        case "nodePattern" -> node(a);
        case "relationshipPattern" -> relationship(a);
        case "newVariable" -> requireUnreserved(rewrite, (String) a[1]);
        case "callClause" -> {
          String procedure = qualifiedName(a[4], a[5]);
          if (!procedures.contains(procedure)) {
            throw new QueryRejected("procedure CALL is not allowed: analysts may only read, and "
                + truncate(procedure, 100) + " is not on this server's list of procedures analysts may call");
          }
        }
        case "newParameter", "newSensitiveStringParameter" -> requireUnreserved(rewrite, parameterName(a[1]));
        case "functionInvocation" -> requireFunction(a);
        case "reduceExpression" -> throw new QueryRejected("reduce() is not supported: its accumulator can grow"
            + " without bound within one row; UNWIND the list and aggregate (collect, sum, …) instead");
        case "listComprehension", "allExpression", "anyExpression", "noneExpression", "singleExpression" -> {
          if (iterates(a)) {
            throw new QueryRejected("list comprehensions and all/any/none/single may not be nested in one another"
                + " (one row could build or scan billions of values); UNWIND the outer list instead");
          }
        }
        case "pathLength" -> throw new QueryRejected("variable-length relationships (-[*]->) are not supported;"
            + " write a quantified path pattern instead, e.g. (a) (()-[:KNOWS]->()){1,5} (b)");
        case "quantifiedRelationship" -> throw new QueryRejected("quantified relationships (-[:R]->+) are not"
            + " supported; write a quantified path pattern instead, e.g. (a) (()-[:R]->())+ (b)");
        case "patternExpression" -> {
          // in Cypher 5 a pattern expression is a predicate; as EXISTS it may bind new (anonymous) nodes
          Object[] exists = {a[0], null, List.of(a[1]), null, null};
          if (rewrite) {
            exists[4] = where(a[0], claim(offset(a[0]) - 1), null);
          }
          return call("existsExpression", exists);
        }
        case "subqueryClause" -> {
          if (a[2] != null) {
            throw new QueryRejected("CALL { … } IN TRANSACTIONS is not allowed: analysts may only read");
          }
        }
        default -> {
          if (!READING.contains(name) && method.getDeclaringClass() != ASTExpressionFactory.class) {
            throw new QueryRejected(describe(name) + " is not allowed: analysts may only read");
          }
        }
      }
      if (rewrite) {
        bind(name, a);
      }
      Object result = forward(method, a);
      switch (name) {
        case "whereClause" -> wheres.put(result, (Expression) a[1]);
        case "newReturnClause" -> {
          lastReturn = result;
          lastReturnLimited = a[7] != null;
        }
        case "newSingleQuery" -> {
          List<?> clauses = (List<?>) a[a.length - 1];
          lastQuerySingle = true;
          lastQueryEnd = clauses.isEmpty() ? null : clauses.get(clauses.size() - 1);
        }
        case "newUnion" -> lastQuerySingle = false;
        default -> { }
      }
      classify(name, a, result);
      if (result != null && (ITERATING.contains(name) || iterates(a))) {
        iterating.put(result, Boolean.TRUE);
      }
      if (rewrite && name.equals("functionInvocation") && "range".equalsIgnoreCase(qualifiedName(a[2], a[3]))) {
        // range() is lazy: a few characters ask for billions of values, which the database does not count
        // against the transaction's memory
        return Cypher.raw("CASE WHEN size($E) <= " + MAX_RANGE + " THEN $E ELSE date('" + RANGE_TOO_LARGE
            + "') END", result, result);
      }
      return result;
    }

    /** Whether any argument (or element of a list argument) iterates over a list or contains such an expression. */
    private boolean iterates(Object[] args) {
      for (Object arg : args) {
        if (arg instanceof List<?> list ? list.stream().anyMatch(iterating::containsKey) : iterating.containsKey(arg)) {
          return true;
        }
      }
      return false;
    }

    /**
     * Whether the statement is a single query ending in a RETURN without LIMIT. The grammar builds a construct
     * after everything inside it, so the last query built is the statement's own, and the last RETURN built is
     * its final one if that query ends with it.
     */
    boolean endsInUnlimitedReturn() {
      return lastQuerySingle && lastReturn != null && lastQueryEnd == lastReturn && !lastReturnLimited;
    }

    private void node(Object[] a) throws Throwable {
      if (a[1] == null && rewrite) {
        a[1] = call("newVariable", a[0], ANONYMOUS + anonymous++);
      }
      String name = a[1] instanceof SymbolicName s ? s.getValue() : "";
      if (!rewrite && name.equals(SUBJECT_VAR)) {
        return; // the visibility check's own pattern, not the user's
      }
      shape.add("node " + name + " " + (a[2] != null) + " " + (a[3] != null) + " " + (a[4] != null));
      if (!rewrite) {
        return;
      }
      if (!(a[1] instanceof SymbolicName variable)) {
        throw new QueryRejected("unsupported node pattern");
      }
      Condition condition = check.on(variable);
      if (a[2] instanceof Labels labels && negatedLeaf(labels)) {
        // cypher-dsl renders a lone negated label (:!A) as :A, so it moves into the predicate as NOT a:A
        a[2] = null;
        shape.set(shape.size() - 1, "node " + variable.getValue() + " false " + (a[3] != null) + " "
            + (a[4] != null));
        condition = condition.and(Cypher.anyNode(variable).hasLabels(onlyStatic(labels)).not());
      }
      if (a[3] != null && !isSafe(a[3])) {
        throw new QueryRejected(MAP_LIMITS);
      }
      Expression guarded = null;
      if (a[4] != null && !isSafe(a[4])) {
        // evaluated only once the node is known to be visible, so its errors cannot tell about hidden nodes
        guarded = (Expression) a[4];
        a[4] = null;
        shape.set(shape.size() - 1, "node " + variable.getValue() + " " + (a[2] != null) + " " + (a[3] != null)
            + " false");
      }
      pending.add(new Pending(offset(a[0]), condition, guarded));
    }

    private void relationship(Object[] a) {
      if (a[4] instanceof Labels types && negatedLeaf(types)) {
        throw new QueryRejected("a lone negated relationship type (:!TYPE) is not supported;"
            + " write WHERE NOT r:TYPE or list the types you want");
      }
      String name = a[3] instanceof SymbolicName s ? s.getValue() : "";
      if (!rewrite && name.equals(GRANT_VAR)) {
        shape.remove(shape.size() - 1); // the node the visibility check starts from was its own pattern too
        return;
      }
      shape.add("rel " + name + " " + (a[4] != null) + " " + (a[6] != null) + " " + (a[7] != null));
      if (rewrite && a[6] != null && !isSafe(a[6])) {
        throw new QueryRejected(MAP_LIMITS);
      }
      if (rewrite && a[7] != null && !isSafe(a[7])) {
        throw new QueryRejected("this relationship predicate could fail on data you may not see;"
            + " write it in the WHERE of the clause instead");
      }
    }

    private static final String MAP_LIMITS = "property maps in patterns may hold literals, parameters, variables"
        + " and properties; write other conditions in WHERE";

    /** Tags expressions that cannot fail because of a node's data (comparisons of properties and constants). */
    private void classify(String name, Object[] a, @Nullable Object result) {
      if (result == null) {
        return;
      }
      switch (name) {
        case "newString", "newDecimalInteger", "newDouble", "newTrueLiteral", "newFalseLiteral", "newNullLiteral",
            "newHexInteger", "newOctalInteger", "newParameter", "newSensitiveStringParameter",
            "newInfinityLiteral", "newNaNLiteral" -> safe.put(result, true);
        case "newVariable" -> safe.put(result, false);
        case "listLiteral" -> tagAll(result, (List<?>) a[1]);
        case "mapLiteral" -> tagAll(result, (List<?>) a[2]);
        case "property" -> {
          if (isSafe(a[0])) {
            safe.put(result, false);
          }
        }
        case "in", "regeq" -> {
          if (isSafe(a[1]) && Boolean.TRUE.equals(safe.get(a[2]))) {
            safe.put(result, false);
          }
        }
        case "eq", "neq", "neq2", "lt", "gt", "lte", "gte", "isNull", "isNotNull", "startsWith", "endsWith",
            "contains", "and", "or", "xor", "not", "ands", "labelExpressionPredicate" -> {
          if (allSafe(a)) {
            safe.put(result, false);
          }
          if (name.equals("and")) {
            conjunctions.put(result, new Object[] {a[1], a[2]});
          }
        }
        default -> { }
      }
    }

    private void tagAll(Object result, List<?> items) {
      boolean constant = true;
      for (Object item : items) {
        if (!isSafe(item)) {
          return;
        }
        constant &= Boolean.TRUE.equals(safe.get(item));
      }
      safe.put(result, constant);
    }

    private boolean allSafe(Object[] args) {
      for (Object arg : args) {
        if (arg instanceof List<?> list) {
          for (Object item : list) {
            if (item instanceof Expression && !isSafe(item)) {
              return false;
            }
          }
        } else if (arg instanceof Expression && !isSafe(arg)) {
          return false;
        }
      }
      return true;
    }

    private boolean isSafe(@Nullable Object expression) {
      return expression != null && safe.containsKey(expression);
    }

    private void conjuncts(@Nullable Expression e, List<Expression> out) {
      if (e == null) {
        return;
      }
      Object[] parts = conjunctions.get(e);
      if (parts == null) {
        out.add(e);
      } else {
        conjuncts((Expression) parts[0], out);
        conjuncts((Expression) parts[1], out);
      }
    }

    /** Adds the claimed visibility conditions to the WHERE of the construct being built. */
    private void bind(String name, Object[] a) throws Throwable {
      switch (name) {
        case "matchClause" -> a[6] = where(a[4], claim(offset(a[0])), (Where) a[6]);
        case "existsExpression", "countExpression" -> {
          if (a[2] != null) {
            a[4] = where(a[0], claim(offset(a[0])), (Where) a[4]);
          }
        }
        case "parenthesizedPathPattern" -> a[2] = combine(claim(offset(a[0])), (Expression) a[2]);
        case "patternComprehension" -> a[4] = combine(claim(offset(a[0])), (Expression) a[4]);
        default -> { }
      }
    }

    /** The conditions of every unclaimed node pattern written after {@code from}. */
    private Claimed claim(int from) {
      Condition all = null;
      List<Expression> guarded = new ArrayList<>();
      for (var it = pending.iterator(); it.hasNext(); ) {
        Pending p = it.next();
        if (p.offset() > from) {
          all = all == null ? p.condition() : all.and(p.condition());
          if (p.guarded() != null) {
            guarded.add(p.guarded());
          }
          it.remove();
        }
      }
      return new Claimed(all, guarded);
    }

    /**
     * The construct's new WHERE: every node visible, the user's conditions that cannot fail on data as they are
     * (so indexes still serve them), and the rest only after visibility holds: {@code CASE WHEN visible THEN
     * rest ELSE false END}, so a failing expression never runs on a node the caller may not see.
     */
    private @Nullable Expression combine(Claimed claimed, @Nullable Expression where) {
      if (claimed.visible() == null) {
        return where;
      }
      List<Expression> all = new ArrayList<>();
      conjuncts(where, all);
      all.addAll(claimed.guarded());
      Condition safeParts = null;
      Condition guardedParts = null;
      for (Expression e : all) {
        if (isSafe(e)) {
          safeParts = safeParts == null ? e.asCondition() : safeParts.and(e.asCondition());
        } else {
          guardedParts = guardedParts == null ? e.asCondition() : guardedParts.and(e.asCondition());
        }
      }
      Condition result;
      if (guardedParts == null) {
        result = claimed.visible();
      } else {
        result = Cypher.caseExpression().when(claimed.visible()).then(guardedParts)
            .elseDefault(Cypher.literalFalse()).asCondition();
      }
      return safeParts == null ? result : result.and(safeParts);
    }

    private @Nullable Object where(Object position, Claimed claimed, @Nullable Where where) throws Throwable {
      if (claimed.visible() == null) {
        return where;
      }
      Expression existing = where == null ? null : wheres.get(where);
      if (where != null && existing == null) {
        throw new QueryRejected("unsupported WHERE clause");
      }
      return call("whereClause", position, combine(claimed, existing));
    }

    void requireAllBound() {
      if (!pending.isEmpty()) {
        throw new QueryRejected("a node pattern appears where no MATCH, EXISTS, COUNT or comprehension binds it");
      }
    }

    private static boolean negatedLeaf(Labels labels) {
      return labels.getType() == Labels.Type.LEAF && labels.isNegated();
    }

    private static String onlyStatic(Labels labels) {
      var names = labels.getStaticValues();
      if (names.size() != 1 || labels.getValue().size() != 1) {
        throw new QueryRejected("negated dynamic labels are not supported");
      }
      return names.iterator().next();
    }

    private static void requireFunction(Object[] a) {
      String name = qualifiedName(a[2], a[3]);
      if (!FUNCTIONS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new QueryRejected("function " + truncate(name, 80) + " is not allowed");
      }
    }

    /** A function's or procedure's name as written, with its namespace: {@code db.labels}, {@code range}. */
    private static String qualifiedName(Object namespace, Object name) {
      List<?> parts = (List<?>) namespace;
      return parts.isEmpty() ? String.valueOf(name) : parts.stream().map(String::valueOf)
          .collect(java.util.stream.Collectors.joining(".")) + "." + name;
    }

    private static String parameterName(@Nullable Object p) {
      return p instanceof SymbolicName s ? s.getValue() : String.valueOf(p);
    }

    private static void requireUnreserved(boolean userText, @Nullable String name) {
      if (userText && name != null && name.startsWith(RESERVED)) {
        throw new QueryRejected("names and parameters starting with " + RESERVED + " are reserved");
      }
    }

    private static int offset(Object position) {
      try {
        return (int) OFFSET.invoke(position);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cypher-dsl input positions changed", e);
      }
    }

    private static @Nullable Object call(String name, Object... args) throws Throwable {
      for (Method m : ASTFactory.class.getMethods()) {
        if (m.getName().equals(name) && m.getParameterCount() == args.length) {
          return forward(m, args);
        }
      }
      throw new IllegalStateException("cypher-dsl factory has no " + name);
    }

    private static @Nullable Object forward(Method method, Object[] args) throws Throwable {
      try {
        return method.invoke(DSL_FACTORY, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  /** A factory call's name as the Cypher a user wrote. */
  static String describe(String factoryMethod) {
    String m = factoryMethod.toLowerCase(Locale.ROOT);
    if (m.startsWith("create") && m.endsWith("clause")) {
      return "CREATE";
    }
    if (m.startsWith("merge")) {
      return "MERGE";
    }
    if (m.startsWith("set")) {
      return "SET";
    }
    if (m.startsWith("remove")) {
      return "REMOVE";
    }
    if (m.startsWith("delete")) {
      return "DELETE";
    }
    if (m.startsWith("foreach")) {
      return "FOREACH";
    }
    if (m.startsWith("loadcsv")) {
      return "LOAD CSV";
    }
    if (m.startsWith("callclause") || m.startsWith("callresult") || m.startsWith("yield")) {
      return "procedure CALL";
    }
    if (m.startsWith("show")) {
      return "SHOW";
    }
    if (m.contains("useclause") || m.startsWith("usegraph") || m.startsWith("databasename")) {
      return "USE";
    }
    if (m.startsWith("terminate")) {
      return "TERMINATE";
    }
    if (m.startsWith("subqueryintransactions")) {
      return "CALL { … } IN TRANSACTIONS";
    }
    if (m.startsWith("insert")) {
      return "INSERT";
    }
    if (m.contains("index") || m.contains("constraint")) {
      return "a schema command";
    }
    return "an administration command";
  }
}

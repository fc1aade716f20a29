package org.kith.graph.query;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.neo4j.cypherdsl.core.Condition;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Expression;
import org.neo4j.cypherdsl.core.Labels;
import org.neo4j.cypherdsl.core.SymbolicName;
import org.neo4j.cypherdsl.core.Where;
import org.kith.graph.query.CypherGuard.Check;

/**
 * One parse: forwards allowed factory calls to cypher-dsl's factory and attaches the visibility predicate to
 * the clause that binds each node. The grammar builds a construct after everything inside it, and every node
 * pattern after its opening parenthesis, so the innermost construct created after a node pattern whose
 * keyword comes before it — a quantified path pattern, a pattern comprehension, an EXISTS or COUNT pattern, a
 * MATCH — is the one that binds it. There the predicate goes into the construct's WHERE, which cypher-dsl
 * always renders (it may leave out a node's own details when it believes the variable is already bound).
 */
final class Rewriting implements InvocationHandler {
  private static final String ANONYMOUS = "__k";
  private static final Set<String> ITERATING = Set.of("listComprehension", "allExpression", "anyExpression",
      "noneExpression", "singleExpression");
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

  private int anonymous;
  /** The last RETURN clause built, whether it had a LIMIT, and whether the last query built is a single one. */
  private @Nullable Object lastReturn;
  private boolean lastReturnLimited;
  private @Nullable Object lastQueryEnd;
  private boolean lastQuerySingle;
  private final List<Pending> pending = new ArrayList<>();
  private final IdentityHashMap<Object, Expression> wheres = new IdentityHashMap<>();
  /** The character offset of each input position the grammar made. */
  private final IdentityHashMap<Object, Integer> offsets = new IdentityHashMap<>();
  private final SafeExpressions safe = new SafeExpressions();
  /** The user's text only: Kith's own names are refused or filtered, and what one row builds is bounded. */
  private final @Nullable InternalNames internal;
  private final @Nullable RowBounds bounds;
  /** Expressions that iterate over a list (list comprehensions, all/any/none/single) or contain one. */
  private final IdentityHashMap<Object, Boolean> iterating = new IdentityHashMap<>();
  final List<String> shape = new ArrayList<>();
  private final boolean rewrite;

  private final Check check;

  private final Set<String> procedures;

  Rewriting(boolean rewrite, Check check, Set<String> procedures) {
    this.rewrite = rewrite;
    this.internal = rewrite ? new InternalNames() : null;
    this.bounds = rewrite ? new RowBounds() : null;
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
    boolean expression = ParserInternals.buildsExpression(method);
    if (bounds != null && !expression) {
      bounds.enter(name, a);
    }
    if (internal != null) {
      InternalNames.check(name, a);
    }
    boolean ownKeyFilter = !rewrite && name.equals("listComprehension") && a[1] instanceof SymbolicName v
        && v.getValue().equals(InternalNames.KEY_VAR);
    switch (name) {
      case "nodePattern" -> node(a);
      case "relationshipPattern" -> relationship(a);
      case "newVariable" -> requireUnreserved(rewrite, (String) a[1]);
      case "callClause" -> {
        String procedure = qualifiedName(a[4], a[5]);
        if (!procedures.contains(procedure)) {
          throw new QueryRejected("procedure CALL is not allowed: analysts may only read, and "
              + CypherGuard.truncate(procedure, 100) + " is not on this server's list of procedures analysts may call");
        }
      }
      case "newParameter", "newSensitiveStringParameter" -> requireUnreserved(rewrite, parameterName(a[1]));
      case "functionInvocation" -> requireFunction(a);
      case "reduceExpression" -> throw new QueryRejected("reduce() is not supported: its accumulator can grow"
          + " without bound within one row; UNWIND the list and aggregate (collect, sum, …) instead");
      case "listComprehension", "allExpression", "anyExpression", "noneExpression", "singleExpression" -> {
        // the guard's own filter over keys() (see InternalNames) scans a node's property names only
        if (!ownKeyFilter && iterates(a)) {
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
        return ParserInternals.call("existsExpression", exists);
      }
      case "subqueryClause" -> {
        if (a[2] != null) {
          throw new QueryRejected("CALL { … } IN TRANSACTIONS is not allowed: analysts may only read");
        }
      }
      default -> {
        if (!READING.contains(name) && !expression) {
          throw new QueryRejected(Constructs.describe(name) + " is not allowed: analysts may only read");
        }
      }
    }
    if (rewrite) {
      bind(name, a);
    }
    Object result = ParserInternals.forward(method, a);
    switch (name) {
      case "inputPosition" -> offsets.put(result, (Integer) a[0]);
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
    safe.classify(name, a, result);
    if (result != null && ((ITERATING.contains(name) && !ownKeyFilter) || iterates(a))) {
      iterating.put(result, Boolean.TRUE);
    }
    if (result == null || internal == null || bounds == null || !expression) {
      return result;
    }
    bounds.record(name, a, result);
    Object replaced = internal.rewrite(name, a, result);
    if (name.equals("functionInvocation") && "range".equalsIgnoreCase(qualifiedName(a[2], a[3]))) {
      // range() is lazy: a few characters ask for billions of values, which the database does not count
      // against the transaction's memory
      replaced = Cypher.raw("CASE WHEN size($E) <= " + CypherGuard.MAX_RANGE + " THEN $E ELSE date('"
          + CypherGuard.RANGE_TOO_LARGE + "') END", result, result);
    }
    bounds.alias(replaced, result);
    return replaced;
  }

  /**
   * Refuses the statement if one of its rows may build more than {@code max} values, or {@code perGraphRow} once
   * it reads rows from the graph (see {@link RowBounds}).
   */
  void requireBounded(long max, long perGraphRow) {
    if (bounds != null) {
      bounds.requireWithin(max, perGraphRow);
    }
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
      a[1] = ParserInternals.call("newVariable", a[0], ANONYMOUS + anonymous++);
    }
    String name = a[1] instanceof SymbolicName s ? s.getValue() : "";
    if (!rewrite && name.equals(CypherGuard.SUBJECT_VAR)) {
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
    if (a[3] != null && !safe.isSafe(a[3])) {
      throw new QueryRejected(MAP_LIMITS);
    }
    Expression guarded = null;
    if (a[4] != null && !safe.isSafe(a[4])) {
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
    if (!rewrite && name.equals(CypherGuard.GRANT_VAR)) {
      shape.remove(shape.size() - 1); // the node the visibility check starts from was its own pattern too
      return;
    }
    shape.add("rel " + name + " " + (a[4] != null) + " " + (a[6] != null) + " " + (a[7] != null));
    if (rewrite && a[6] != null && !safe.isSafe(a[6])) {
      throw new QueryRejected(MAP_LIMITS);
    }
    if (rewrite && a[7] != null && !safe.isSafe(a[7])) {
      throw new QueryRejected("this relationship predicate could fail on data you may not see;"
          + " write it in the WHERE of the clause instead");
    }
  }

  private static final String MAP_LIMITS = "property maps in patterns may hold literals, parameters, variables"
      + " and properties; write other conditions in WHERE";

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
    safe.conjuncts(where, all);
    all.addAll(claimed.guarded());
    Condition safeParts = null;
    Condition guardedParts = null;
    for (Expression e : all) {
      if (safe.isSafe(e)) {
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
    return ParserInternals.call("whereClause", position, combine(claimed, existing));
  }

  private int offset(Object position) {
    Integer offset = offsets.get(position);
    if (offset == null) {
      throw new IllegalStateException("an input position the grammar did not make");
    }
    return offset;
  }

  void requireAllBound() {
    if (!pending.isEmpty()) {
      throw new QueryRejected("a node pattern appears where no MATCH, EXISTS, COUNT or comprehension binds it");
    }
  }

  static boolean negatedLeaf(Labels labels) {
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
    if (!CypherGuard.FUNCTIONS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new QueryRejected("function " + CypherGuard.truncate(name, 80) + " is not allowed");
    }
  }

  /** A function's or procedure's name as written, with its namespace: {@code db.labels}, {@code range}. */
  static String qualifiedName(Object namespace, Object name) {
    List<?> parts = (List<?>) namespace;
    return parts.isEmpty() ? String.valueOf(name) : parts.stream().map(String::valueOf)
        .collect(java.util.stream.Collectors.joining(".")) + "." + name;
  }

  private static String parameterName(@Nullable Object p) {
    return p instanceof SymbolicName s ? s.getValue() : String.valueOf(p);
  }

  private static void requireUnreserved(boolean userText, @Nullable String name) {
    if (userText && name != null && name.startsWith(CypherGuard.RESERVED)) {
      throw new QueryRejected("names and parameters starting with " + CypherGuard.RESERVED + " are reserved");
    }
  }
}

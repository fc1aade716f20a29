package org.kith.graph.query;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.graph.query.CypherGuard.Check;
import org.neo4j.cypherdsl.core.Condition;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Expression;
import org.neo4j.cypherdsl.core.Labels;
import org.neo4j.cypherdsl.core.SymbolicName;

/**
 * One parse: sees every factory call the grammar makes, refuses what analysts may not use ({@link Allowed}),
 * forwards the rest to cypher-dsl's factory, and has {@link Claims} attach the visibility predicate to the clause
 * that binds each node.
 */
final class Rewriting implements InvocationHandler {
  private static final String ANONYMOUS = "__k";
  private static final Set<String> ITERATING = Set.of(
      "listComprehension", "allExpression", "anyExpression", "noneExpression", "singleExpression");

  private int anonymous;
  /** The last RETURN clause built, whether it had a LIMIT, and whether the last query built is a single one. */
  private @Nullable Object lastReturn;

  private boolean lastReturnLimited;
  private @Nullable Object lastQueryEnd;
  private boolean lastQuerySingle;
  private final SafeExpressions safe = new SafeExpressions();
  private final Claims claims = new Claims(safe);
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

  @Override
  public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args)
      throws Throwable {
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
    boolean ownKeyFilter = !rewrite
        && name.equals("listComprehension")
        && a[1] instanceof SymbolicName v
        && v.getValue().equals(InternalNames.KEY_VAR);
    switch (name) {
      case "nodePattern" -> node(a);
      case "relationshipPattern" -> relationship(a);
      case "newVariable" -> Allowed.requireUnreserved(rewrite, (String) a[1]);
      case "callClause" -> {
        String procedure = Allowed.qualifiedName(a[4], a[5]);
        if (!procedures.contains(procedure)) {
          throw new QueryRejected("procedure CALL is not allowed: analysts may only read, and "
              + CypherGuard.truncate(procedure, 100)
              + " is not on this server's list of procedures analysts may call");
        }
      }
      case "newParameter", "newSensitiveStringParameter" ->
        Allowed.requireUnreserved(rewrite, Allowed.parameterName(a[1]));
      case "functionInvocation" -> Allowed.requireFunction(a);
      case "reduceExpression" ->
        throw new QueryRejected(
            "reduce() is not supported: its accumulator can grow"
                + " without bound within one row; UNWIND the list and aggregate (collect, sum, …) instead");
      case "listComprehension",
          "allExpression",
          "anyExpression",
          "noneExpression",
          "singleExpression" -> {
        // the guard's own filter over keys() (see InternalNames) scans a node's property names only
        if (!ownKeyFilter && iterates(a)) {
          throw new QueryRejected(
              "list comprehensions and all/any/none/single may not be nested in one another"
                  + " (one row could build or scan billions of values); UNWIND the outer list instead");
        }
      }
      case "pathLength" ->
        throw new QueryRejected("variable-length relationships (-[*]->) are not supported;"
            + " write a quantified path pattern instead, e.g. (a) (()-[:KNOWS]->()){1,5} (b)");
      case "quantifiedRelationship" ->
        throw new QueryRejected("quantified relationships (-[:R]->+) are not"
            + " supported; write a quantified path pattern instead, e.g. (a) (()-[:R]->())+ (b)");
      case "patternExpression" -> {
        // in Cypher 5 a pattern expression is a predicate; as EXISTS it may bind new (anonymous)
        // nodes
        Object[] exists = {a[0], null, List.of(a[1]), null, null};
        if (rewrite) {
          exists[4] = claims.where(a[0], claims.claim(claims.offset(a[0]) - 1), null);
        }
        return ParserInternals.call("existsExpression", exists);
      }
      case "subqueryClause" -> {
        if (a[2] != null) {
          throw new QueryRejected(
              "CALL { … } IN TRANSACTIONS is not allowed: analysts may only read");
        }
      }
      default -> {
        if (!Allowed.READING.contains(name) && !expression) {
          throw new QueryRejected(
              Constructs.describe(name) + " is not allowed: analysts may only read");
        }
      }
    }
    if (rewrite) {
      claims.bind(name, a);
    }
    Object result = ParserInternals.forward(method, a);
    switch (name) {
      case "inputPosition" -> claims.position(result, (Integer) a[0]);
      case "whereClause" -> claims.where(result, (Expression) a[1]);
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
      default -> {}
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
    if (name.equals("functionInvocation")
        && "range".equalsIgnoreCase(Allowed.qualifiedName(a[2], a[3]))) {
      // range() is lazy: a few characters ask for billions of values, which the database does not
      // count
      // against the transaction's memory
      replaced = Cypher.raw(
          "CASE WHEN size($E) <= " + CypherGuard.MAX_RANGE + " THEN $E ELSE date('"
              + CypherGuard.RANGE_TOO_LARGE + "') END",
          result,
          result);
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
      if (arg instanceof List<?> list
          ? list.stream().anyMatch(iterating::containsKey)
          : iterating.containsKey(arg)) {
        return true;
      }
    }
    return false;
  }

  /** Refuses the statement if a node pattern is where nothing binds it. */
  void requireAllBound() {
    claims.requireAllBound();
  }

  /**
   * Whether the statement is a single query ending in a RETURN without LIMIT. The grammar builds a construct
   * after everything inside it, so the last query built is the statement's own, and the last RETURN built is
   * its final one if that query ends with it.
   */
  boolean endsInUnlimitedReturn() {
    return lastQuerySingle
        && lastReturn != null
        && lastQueryEnd == lastReturn
        && !lastReturnLimited;
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
    if (a[2] instanceof Labels labels && Allowed.negatedLeaf(labels)) {
      // cypher-dsl renders a lone negated label (:!A) as :A, so it moves into the predicate as NOT
      // a:A
      a[2] = null;
      shape.set(
          shape.size() - 1,
          "node " + variable.getValue() + " false " + (a[3] != null) + " " + (a[4] != null));
      condition = condition.and(
          Cypher.anyNode(variable).hasLabels(Allowed.onlyStatic(labels)).not());
    }
    if (a[3] != null && !safe.isSafe(a[3])) {
      throw new QueryRejected(MAP_LIMITS);
    }
    Expression guarded = null;
    if (a[4] != null && !safe.isSafe(a[4])) {
      // evaluated only once the node is known to be visible, so its errors cannot tell about hidden
      // nodes
      guarded = (Expression) a[4];
      a[4] = null;
      shape.set(
          shape.size() - 1,
          "node " + variable.getValue() + " " + (a[2] != null) + " " + (a[3] != null) + " false");
    }
    claims.node(a[0], condition, guarded);
  }

  private void relationship(Object[] a) {
    if (a[4] instanceof Labels types && Allowed.negatedLeaf(types)) {
      throw new QueryRejected("a lone negated relationship type (:!TYPE) is not supported;"
          + " write WHERE NOT r:TYPE or list the types you want");
    }
    String name = a[3] instanceof SymbolicName s ? s.getValue() : "";
    if (!rewrite && name.equals(CypherGuard.GRANT_VAR)) {
      shape.remove(
          shape.size() - 1); // the node the visibility check starts from was its own pattern too
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

  private static final String MAP_LIMITS =
      "property maps in patterns may hold literals, parameters, variables"
          + " and properties; write other conditions in WHERE";
}

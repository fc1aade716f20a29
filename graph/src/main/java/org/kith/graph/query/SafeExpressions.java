package org.kith.graph.query;

import java.util.IdentityHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.neo4j.cypherdsl.core.Expression;

/**
 * Which expressions of one parse cannot fail because of a node's data — literals, parameters, variables,
 * properties of those, and comparisons and boolean combinations of them — and which of them are constants. The
 * guard evaluates everything else only once the nodes it reads are known to be visible, so a failing expression
 * tells nothing about hidden nodes. Also remembers each {@code AND}'s operands, to split a WHERE into its
 * conjuncts. Not thread-safe: one per parse.
 */
final class SafeExpressions {
  /** Expressions whose evaluation cannot fail because of a node's data, and which of them are constants. */
  private final IdentityHashMap<Object, Boolean> safe = new IdentityHashMap<>();

  private final IdentityHashMap<Object, Object[]> conjunctions = new IdentityHashMap<>();

  /** Tags expressions that cannot fail because of a node's data (comparisons of properties and constants). */
  void classify(String name, Object[] a, @Nullable Object result) {
    if (result == null) {
      return;
    }
    switch (name) {
      case "newString",
          "newDecimalInteger",
          "newDouble",
          "newTrueLiteral",
          "newFalseLiteral",
          "newNullLiteral",
          "newHexInteger",
          "newOctalInteger",
          "newParameter",
          "newSensitiveStringParameter",
          "newInfinityLiteral",
          "newNaNLiteral" -> safe.put(result, true);
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
      case "eq",
          "neq",
          "neq2",
          "lt",
          "gt",
          "lte",
          "gte",
          "isNull",
          "isNotNull",
          "startsWith",
          "endsWith",
          "contains",
          "and",
          "or",
          "xor",
          "not",
          "ands",
          "labelExpressionPredicate" -> {
        if (allSafe(a)) {
          safe.put(result, false);
        }
        if (name.equals("and")) {
          conjunctions.put(result, new Object[] {a[1], a[2]});
        }
      }
      default -> {}
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

  boolean isSafe(@Nullable Object expression) {
    return expression != null && safe.containsKey(expression);
  }

  void conjuncts(@Nullable Expression e, List<Expression> out) {
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
}

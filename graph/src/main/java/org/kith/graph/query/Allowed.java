package org.kith.graph.query;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.neo4j.cypherdsl.core.Labels;
import org.neo4j.cypherdsl.core.SymbolicName;

/**
 * What an analyst's query may name: the factory calls of reading queries, built-in functions on {@link
 * CypherGuard#FUNCTIONS the guard's list}, names and parameters outside the guard's reserved prefix, and labels
 * that can be rendered as written. Stateless.
 */
final class Allowed {
  /** Factory calls that build reading queries (clauses, patterns, path selectors, hints). */
  static final Set<String> READING = Set.of(
      "statements",
      "newSingleQuery",
      "newUnion",
      "newReturnClause",
      "newReturnItems",
      "newReturnItem",
      "orderAsc",
      "orderDesc",
      "orderBySkipLimitClause",
      "whereClause",
      "withClause",
      "matchClause",
      "unwindClause",
      "subqueryClause",
      "newFinishClause",
      "namedPattern",
      "pathPattern",
      "patternElement",
      "patternWithSelector",
      "nodePattern",
      "relationshipPattern",
      "parenthesizedPathPattern",
      "quantifiedRelationship",
      "fixedPathQuantifier",
      "intervalPathQuantifier",
      "plusPathQuantifier",
      "starPathQuantifier",
      "anyPathSelector",
      "allPathSelector",
      "anyShortestPathSelector",
      "allShortestPathSelector",
      "shortestGroupsSelector",
      "shortestPathPattern",
      "allShortestPathsPattern",
      "usingIndexHint",
      "usingJoin",
      "usingScan",
      "differentRelationships",
      "addDeprecatedIdentifierUnicodeNotification",
      "callResultItem");

  private Allowed() {}

  static boolean negatedLeaf(Labels labels) {
    return labels.getType() == Labels.Type.LEAF && labels.isNegated();
  }

  static String onlyStatic(Labels labels) {
    var names = labels.getStaticValues();
    if (names.size() != 1 || labels.getValue().size() != 1) {
      throw new QueryRejected("negated dynamic labels are not supported");
    }
    return names.iterator().next();
  }

  static void requireFunction(Object[] a) {
    String name = qualifiedName(a[2], a[3]);
    if (!CypherGuard.FUNCTIONS.contains(name.toLowerCase(Locale.ROOT))) {
      throw new QueryRejected("function " + CypherGuard.truncate(name, 80) + " is not allowed");
    }
  }

  /** A function's or procedure's name as written, with its namespace: {@code db.labels}, {@code range}. */
  static String qualifiedName(Object namespace, Object name) {
    List<?> parts = (List<?>) namespace;
    return parts.isEmpty()
        ? String.valueOf(name)
        : parts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("."))
            + "." + name;
  }

  static String parameterName(@Nullable Object p) {
    return p instanceof SymbolicName s ? s.getValue() : String.valueOf(p);
  }

  static void requireUnreserved(boolean userText, @Nullable String name) {
    if (userText && name != null && name.startsWith(CypherGuard.RESERVED)) {
      throw new QueryRejected(
          "names and parameters starting with " + CypherGuard.RESERVED + " are reserved");
    }
  }
}

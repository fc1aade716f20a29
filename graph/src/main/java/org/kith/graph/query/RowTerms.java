package org.kith.graph.query;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.neo4j.cypherdsl.core.SymbolicName;

/**
 * The expressions of one analyst statement as the parser builds them, recorded for {@link RowBounds}: each
 * factory result becomes a {@link Term} of its kind and sub-terms. Not thread-safe: one per parse.
 */
final class RowTerms {
  /** A recorded expression: its kind, sub-expressions (null where absent), a name and a number. */
  record Term(String kind, List<@Nullable Term> args, String name, long number) {}

  static final Term OPAQUE = new Term("data", List.of(), "", 0);
  private static final Set<String> SCALAR = Set.of(
      "minus",
      "multiply",
      "divide",
      "modulo",
      "pow",
      "unaryMinus",
      "unaryPlus",
      "eq",
      "neq",
      "neq2",
      "lt",
      "gt",
      "lte",
      "gte",
      "regeq",
      "startsWith",
      "endsWith",
      "contains",
      "isNull",
      "isNotNull",
      "isTyped",
      "isNotTyped",
      "isNormalized",
      "isNotNormalized",
      "and",
      "or",
      "xor",
      "not",
      "ands",
      "labelExpressionPredicate",
      "existsExpression",
      "countExpression",
      "newCountStar",
      "newDouble",
      "newTrueLiteral",
      "newFalseLiteral",
      "newNullLiteral",
      "newInfinityLiteral",
      "newNaNLiteral");

  private final IdentityHashMap<Object, Term> terms = new IdentityHashMap<>();

  /** Whether the parser built {@code expression} as an expression. */
  boolean recorded(Object expression) {
    return terms.containsKey(expression);
  }

  /** After an expression factory call: records what was built. */
  void record(String factoryMethod, Object[] a, @Nullable Object result) {
    if (result == null || terms.containsKey(result) || Arrays.asList(a).contains(result)) {
      return; // first record wins, so terms stay acyclic
    }
    Term recorded = switch (factoryMethod) {
      case "newDecimalInteger", "newHexInteger", "newOctalInteger" ->
        integer((String) a[1], (Boolean) a[2]);
      case "unaryMinus" -> {
        Term operand = term(a[1]);
        yield operand.kind().equals("int")
            ? new Term("int", List.of(), "", -operand.number())
            : of("scalar", operand);
      }
      case "newString" -> new Term("string", List.of(), "", ((String) a[2]).length());
      case "newParameter", "newSensitiveStringParameter" -> new Term("param", List.of(), "", 0);
      case "property", "mapProjectionProperty", "collectExpression" -> OPAQUE;
      case "newVariable" -> new Term("var", List.of(), (String) a[1], 0);
      case "listLiteral" -> of("list", ((List<?>) a[1]).toArray());
      case "mapLiteral" -> of("list", ((List<?>) a[2]).toArray());
      case "mapProjection" -> of("list", ((List<?>) a[2]).toArray());
      case "mapProjectionLiteralEntry" -> of("pass", a[1]);
      case "mapProjectionVariable" -> of("pass", a[0]);
      case "plus", "concatenate" -> of("plus", a[1], a[2]);
      case "in" -> new Term("in", terms(a[1], a[2]), "", isConstantList(a[2]) ? 1 : 0);
      case "listLookup" -> of("lookup", a[0], a[1]);
      case "listSlice" -> of("generic", a[1], a[2], a[3]);
      case "caseExpression" -> of("pass", flatten(a[1], a[2], a[3], a[4]));
      case "functionInvocation" ->
        new Term(
            "fn",
            terms(((List<?>) a[5]).toArray()),
            Allowed.qualifiedName(a[2], a[3]).toLowerCase(java.util.Locale.ROOT),
            0);
      case "listComprehension" ->
        new Term("list comprehension", terms(a[2], a[3], a[4]), variable(a[1]), 0);
      case "allExpression", "anyExpression", "noneExpression", "singleExpression" ->
        new Term("quantifier", terms(a[2], a[3], null), variable(a[1]), 0);
      case "patternComprehension" -> of("pattern", a[4], a[5]);
      default ->
        SCALAR.contains(factoryMethod) ? of("scalar", flatten(a)) : of("generic", flatten(a));
    };
    terms.put(result, recorded);
  }

  /** {@code replacement} stands for {@code original} (a rewrite of the same value). */
  void alias(Object replacement, Object original) {
    Term t = terms.get(original);
    if (t != null) {
      terms.putIfAbsent(replacement, t);
    }
  }

  Term term(@Nullable Object expression) {
    Term t = expression == null ? null : terms.get(expression);
    return t == null ? OPAQUE : t;
  }

  List<@Nullable Term> terms(@Nullable Object... expressions) {
    List<@Nullable Term> out = new ArrayList<>();
    for (Object e : expressions) {
      out.add(e == null ? null : term(e));
    }
    return out;
  }

  private Term of(String kind, @Nullable Object... expressions) {
    return new Term(kind, terms(expressions), "", 0);
  }

  private Object[] flatten(@Nullable Object... args) {
    List<Object> out = new ArrayList<>();
    for (Object arg : args) {
      if (arg instanceof List<?> list) {
        list.stream().filter(terms::containsKey).forEach(out::add);
      } else if (arg != null && terms.containsKey(arg)) {
        out.add(arg);
      }
    }
    return out.toArray();
  }

  private boolean isConstantList(@Nullable Object expression) {
    Term t = expression == null ? null : terms.get(expression);
    return t != null && (t.kind().equals("param") || t.kind().equals("list"));
  }

  private static Term integer(String image, boolean negated) {
    String digits = image.replace("_", "").toLowerCase(java.util.Locale.ROOT);
    try {
      long value = digits.startsWith("0x")
          ? Long.parseLong(digits.substring(2), 16)
          : digits.startsWith("0o")
              ? Long.parseLong(digits.substring(2), 8)
              : Long.parseLong(digits);
      return new Term("int", List.of(), "", negated ? -value : value);
    } catch (NumberFormatException e) {
      return new Term("scalar", List.of(), "", 0);
    }
  }

  private static String variable(@Nullable Object v) {
    return v instanceof SymbolicName s ? s.getValue() : String.valueOf(v);
  }
}

package org.kith.graph.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.kith.graph.query.RowTerms.Term;
import org.neo4j.cypherdsl.core.SymbolicName;

/**
 * An upper bound, from the text alone, of the values one row of an analyst query builds. Neo4j checks a
 * transaction's time limit between rows and counts neither a row's work nor its intermediate lists against the
 * transaction's limits (neo4j/neo4j#13848), so one row that builds 10<sup>12</sup> values —
 * {@code [x IN range(1, 1000000) | range(1, 1000000)]} — holds a core until the memory limit happens to stop it.
 *
 * <p>Every expression the parser builds is recorded as a {@link RowTerms.Term}. Each clause's expressions are then
 * evaluated to a {@link Bound} of their value and the values built to compute it, summed over the statement (a
 * row passes each clause once), each clause's times the rows UNWIND made before it: rows read from the graph
 * are checked against the time limit as they are read, rows UNWIND makes are not (measured: a 1 s limit stopped
 * {@code UNWIND range(1, 1000000) AS a WITH size([b IN range(1, 1000000) | b]) AS n RETURN count(*)} after
 * 13 s). The rules, conservative where the text does not tell:
 * <ul>
 *   <li>{@code range()} builds its length: exact for integer literals, {@link #UNKNOWN} otherwise (beyond that
 *       it fails at run time);</li>
 *   <li>a list comprehension or quantifier over a list of n elements costs n times its body evaluated on a
 *       one-value element, plus its body once on an element holding the whole list (so a body whose cost grows
 *       with its element is charged for the list's total, not n times it), plus its n result cells;</li>
 *   <li>values that come from the graph or the caller — properties, parameters, variables bound by patterns or
 *       subqueries, {@code collect()} of them — are {@link Bound#data() data}: up to {@link #UNKNOWN} elements
 *       to iterate, and copying one costs one value in a row but {@link #UNKNOWN} inside a comprehension's body,
 *       where it repeats;</li>
 *   <li>{@code +} and {@code ||} build both operands' sizes, {@code replace()} its worst-case output,
 *       {@code collect()} of a built list up to {@link #UNKNOWN} rows of it, {@code x IN list} scans the list
 *       (a parameter or literal list is hashed once by the database), other functions their largest argument
 *       or one value.</li>
 * </ul>
 * Variables named by WITH, RETURN and UNWIND keep the largest bound they are given anywhere in the statement.
 * Not thread-safe: one per parse.
 */
final class RowBounds {
  /** Elements of a list whose length the text does not tell, and the most a {@code range()} may produce. */
  static final long UNKNOWN = CypherGuard.MAX_RANGE;

  private static final long CAP = 1L << 55;

  /**
   * A value's size: its length (1 for a scalar, characters for a string), its largest element and all values in
   * it; {@code data} if it comes from the graph or the caller.
   */
  record Bound(long length, long element, long total, boolean data) {
    static final Bound UNIT = new Bound(1, 1, 1, false);

    static Bound built(long total) {
      return new Bound(total, total, total, false);
    }

    /** What a copy or a scan of the value may hold (for data, the elements assumed). */
    long size() {
      return total;
    }

    Bound max(Bound other) {
      return new Bound(
          Math.max(length, other.length),
          Math.max(element, other.element),
          Math.max(total, other.total),
          data && other.data);
    }
  }

  private record Value(Bound bound, long work) {}

  private static final Set<String> SCALAR_FUNCTIONS = Set.of(
      "abs",
      "acos",
      "asin",
      "atan",
      "atan2",
      "avg",
      "ceil",
      "char_length",
      "character_length",
      "cos",
      "cot",
      "count",
      "degrees",
      "e",
      "endnode",
      "exp",
      "floor",
      "haversin",
      "isempty",
      "isnan",
      "length",
      "log",
      "log10",
      "percentilecont",
      "percentiledisc",
      "pi",
      "radians",
      "rand",
      "round",
      "sign",
      "sin",
      "size",
      "sqrt",
      "startnode",
      "stdev",
      "stdevp",
      "sum",
      "tan",
      "toboolean",
      "tobooleanornull",
      "tofloat",
      "tofloatornull",
      "tointeger",
      "tointegerornull",
      "type",
      "valuetype");

  private final Set<Object> charged = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<String, Bound> variables = new HashMap<>();
  private long work;
  /** Rows UNWIND makes of one row read from the graph: the database checks its time limit rarely between them. */
  private long rows = 1;
  /** Whether the statement reads rows from the graph: the database checks its time limit only every so many. */
  private boolean readsGraph;
  /** Elements assumed for data, and rows for {@code collect()} and pattern comprehensions. */
  private final long unknown;
  /** The same statement with data counted as one element (its reading is checked), charged after a MATCH. */
  private final @Nullable RowBounds constructed;

  private final RowTerms terms;
  private long graphRowWork;

  /** Bounds for one statement. */
  RowBounds() {
    this.unknown = UNKNOWN;
    this.terms = new RowTerms();
    this.constructed = new RowBounds(1, terms);
  }

  private RowBounds(long unknown, RowTerms terms) {
    this.unknown = unknown;
    this.terms = terms;
    this.constructed = null;
  }

  /** Before a factory call: charges the expressions a clause, pattern or hint takes, and binds its variables. */
  void enter(String factoryMethod, Object[] a) {
    if (constructed != null) {
      constructed.enter(factoryMethod, a);
    }
    readsGraph |= factoryMethod.equals("matchClause");
    for (Object arg : a) {
      if (arg instanceof List<?> list) {
        list.forEach(this::charge);
      } else {
        charge(arg);
      }
    }
    if (factoryMethod.equals("newReturnItem")
        && a.length == 3
        && a[2] instanceof SymbolicName alias) {
      variables.merge(
          alias.getValue(), eval(terms.term(a[1]), Map.of(), false).bound(), Bound::max);
    } else if (factoryMethod.equals("unwindClause") && a[2] instanceof SymbolicName variable) {
      Bound list = eval(terms.term(a[1]), Map.of(), false).bound();
      variables.merge(variable.getValue(), element(list), Bound::max);
      rows = mul(rows, Math.max(1, list.length()));
    }
  }

  private void charge(@Nullable Object expression) {
    if (expression != null && terms.recorded(expression) && charged.add(expression)) {
      long charge = mul(rows, eval(terms.term(expression), Map.of(), false).work());
      work = add(work, charge);
      graphRowWork = readsGraph ? add(graphRowWork, charge) : graphRowWork;
    }
  }

  /**
   * Refuses the statement if one row may build more than {@code max} values, or more than {@code perGraphRow}
   * once it reads rows from the graph (many such rows pass between two checks of the time limit).
   */
  void requireWithin(long max, long perGraphRow) {
    if (work > max) {
      throw new QueryRejected(String.format(
          java.util.Locale.ROOT,
          "one row of this query could build up to"
              + " %,d values (range() sizes times list comprehensions, collect(), concatenation, times the rows UNWIND"
              + " makes), more than the %,d allowed: the database cannot stop a row midway; build smaller lists, or"
              + " UNWIND fewer values",
          work,
          max));
    }
    long built = constructed == null ? 0 : constructed.graphRowWork;
    if (built > perGraphRow) {
      throw new QueryRejected(String.format(
          java.util.Locale.ROOT,
          "each row a MATCH reads could build up to"
              + " %,d values besides the data it reads, more than the %,d allowed: the database checks the time limit"
              + " only every so many rows; build smaller lists after MATCH, or before it",
          built,
          perGraphRow));
    }
  }

  /** After an expression factory call: records what was built. */
  void record(String factoryMethod, Object[] a, @Nullable Object result) {
    terms.record(factoryMethod, a, result);
  }

  /** {@code replacement} stands for {@code original} (a rewrite of the same value). */
  void alias(Object replacement, Object original) {
    terms.alias(replacement, original);
  }

  /** The statement's work so far. */
  long work() {
    return work;
  }

  private Value eval(@Nullable Term t, Map<String, Bound> local, boolean inside) {
    if (t == null) {
      return new Value(Bound.UNIT, 0);
    }
    List<Value> args = new ArrayList<>();
    long sum = 0;
    Bound largest = null;
    if (!t.kind().equals("list comprehension") && !t.kind().equals("quantifier")) {
      for (Term arg : t.args()) {
        Value v = eval(arg, local, inside);
        args.add(v);
        sum = add(sum, v.work());
        largest = largest == null ? v.bound() : largest.max(v.bound());
      }
    }
    Bound max = largest == null ? Bound.UNIT : largest;
    return switch (t.kind()) {
      case "int", "scalar" -> new Value(Bound.UNIT, add(sum, args.isEmpty() ? 0 : 1));
      case "string" -> new Value(Bound.built(Math.max(1, t.number())), 0);
      case "data", "param" -> new Value(data(), 0);
      case "var" ->
        new Value(local.getOrDefault(t.name(), variables.getOrDefault(t.name(), data())), 0);
      case "pass" -> new Value(max, sum);
      case "list" -> {
        long total = args.size();
        for (Value v : args) {
          total = add(total, v.bound().size());
        }
        yield new Value(new Bound(args.size(), max.size(), total, false), add(sum, args.size()));
      }
      case "plus" -> {
        Bound l = args.get(0).bound();
        Bound r = args.get(1).bound();
        Bound joined = new Bound(
            add(l.length(), r.length()),
            Math.max(l.element(), r.element()),
            add(l.size(), r.size()),
            false);
        yield new Value(joined, add(sum, add(copy(l, inside), copy(r, inside))));
      }
      case "in" ->
        new Value(Bound.UNIT, add(sum, t.number() == 1 ? 1 : args.get(1).bound().length()));
      case "lookup" -> new Value(element(args.get(0).bound()), add(sum, 1));
      case "pattern" -> {
        Bound projected = args.get(1).bound();
        Bound rows = projected.data()
            ? data()
            : new Bound(unknown, projected.total(), mul(unknown, projected.total()), false);
        // its rows are the database's rows, checked between; inside a comprehension's body they
        // repeat
        yield new Value(rows, add(sum, inside ? unknown : 0));
      }
      case "fn" ->
        t.name().equals("range") ? range(t, sum) : function(t.name(), args, max, sum, inside);
      case "list comprehension", "quantifier" -> iterate(t, local, inside);
      default -> new Value(max, add(sum, copy(max, inside)));
    };
  }

  private Value function(String name, List<Value> args, Bound max, long sum, boolean inside) {
    Bound first = args.isEmpty() ? Bound.UNIT : args.get(0).bound();
    switch (name) {
      case "collect" -> {
        Bound b = first.data()
            ? data()
            : new Bound(unknown, first.total(), mul(unknown, first.total()), false);
        return new Value(b, add(sum, 1));
      }
      case "keys", "labels", "nodes", "relationships", "split" -> {
        Bound b = first.data()
            ? data()
            : new Bound(add(first.total(), 1), first.total(), add(mul(2, first.total()), 1), false);
        return new Value(b, add(sum, copy(b, inside)));
      }
      case "head", "last" -> {
        return new Value(element(first), add(sum, 1));
      }
      case "min", "max", "coalesce" -> {
        return new Value(max, sum);
      }
      case "replace" -> {
        Bound b = Bound.built(
            mul(add(first.size(), 1), Math.max(1, args.get(2).bound().size())));
        return new Value(b, add(sum, b.total()));
      }
      default -> {
        if (SCALAR_FUNCTIONS.contains(name)
            || name.startsWith("date")
            || name.startsWith("localdatetime")
            || name.startsWith("localtime")
            || name.startsWith("time")
            || name.startsWith("duration")
            || name.startsWith("point")
            || name.startsWith("vector.")) {
          long scanned =
              name.startsWith("vector.") ? add(first.size(), args.get(1).bound().size()) : 1;
          return new Value(Bound.UNIT, add(sum, scanned));
        }
        return new Value(max, add(sum, copy(max, inside)));
      }
    }
  }

  /** {@code range()}: exact for integer literals, {@link #UNKNOWN} otherwise (and at most that: beyond, it fails). */
  private static Value range(Term t, long sum) {
    List<@Nullable Term> a = t.args();
    long n = UNKNOWN;
    if ((a.size() == 2 || a.size() == 3)
        && a.stream().allMatch(x -> x != null && x.kind().equals("int"))) {
      long start = a.get(0).number();
      long end = a.get(1).number();
      long step = a.size() == 3 ? a.get(2).number() : 1;
      try {
        long span = Math.subtractExact(end, start);
        n = step == 0 || Long.signum(span) * Long.signum(step) < 0 ? 0 : span / step + 1;
      } catch (ArithmeticException e) {
        n = UNKNOWN;
      }
    }
    n = Math.min(Math.max(n, 0), UNKNOWN);
    return new Value(new Bound(n, 1, n, false), add(sum, n));
  }

  private Value iterate(Term t, Map<String, Bound> local, boolean inside) {
    Value list = eval(t.args().get(0), local, inside);
    Bound over = list.bound();
    long n = over.length();
    Bound whole = Bound.built(over.size());
    Bound largest = over.data() ? whole : Bound.built(over.element());
    Value one = body(t, local, Bound.UNIT);
    Value all = body(t, local, whole);
    long work = add(add(list.work(), mul(n, add(1, one.work()))), all.work());
    if (t.kind().equals("quantifier")) {
      return new Value(Bound.UNIT, work);
    }
    long total = add(add(mul(n, one.bound().size()), all.bound().size()), n);
    Bound result = new Bound(n, body(t, local, largest).bound().size(), total, false);
    return new Value(result, add(work, n));
  }

  /** A comprehension's WHERE and projection with its variable bound to {@code element}: the projection's bound. */
  private Value body(Term t, Map<String, Bound> local, Bound element) {
    Map<String, Bound> scope = new HashMap<>(local);
    scope.put(t.name(), element);
    Value where = eval(t.args().get(1), scope, true);
    Term projection = t.args().get(2);
    Value projected = projection == null ? new Value(element, 0) : eval(projection, scope, true);
    return new Value(projected.bound(), add(where.work(), projected.work()));
  }

  private Bound element(Bound list) {
    return list.data() ? data() : Bound.built(list.element());
  }

  /** Copying a value: its size; data counts one value in a row, all it may hold where it repeats. */
  private long copy(Bound b, boolean inside) {
    return b.data() ? (inside ? unknown : 1) : b.total();
  }

  /** A value read from the graph or given by the caller. */
  private Bound data() {
    return new Bound(unknown, 1, unknown, true);
  }

  static long add(long a, long b) {
    return Math.min(CAP, a + b);
  }

  static long mul(long a, long b) {
    return a == 0 || b == 0 ? 0 : a > CAP / b ? CAP : Math.min(CAP, a * b);
  }
}

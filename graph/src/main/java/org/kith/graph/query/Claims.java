package org.kith.graph.query;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.neo4j.cypherdsl.core.Condition;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Expression;
import org.neo4j.cypherdsl.core.Where;

/**
 * Where each node pattern's visibility condition goes, for one parse. The grammar builds a construct after
 * everything inside it, and every node pattern after its opening parenthesis, so the innermost construct created
 * after a node pattern whose keyword comes before it — a quantified path pattern, a pattern comprehension, an
 * EXISTS or COUNT pattern, a MATCH — is the one that binds it. There the condition goes into the construct's
 * WHERE, which cypher-dsl always renders (it may leave out a node's own details when it believes the variable is
 * already bound). {@link Rewriting} reports the input positions, WHERE clauses and node patterns the grammar
 * makes, and asks for the new WHERE of each binding construct.
 */
final class Claims {
  private final List<Pending> pending = new ArrayList<>();
  private final IdentityHashMap<Object, Expression> wheres = new IdentityHashMap<>();
  /** The character offset of each input position the grammar made. */
  private final IdentityHashMap<Object, Integer> offsets = new IdentityHashMap<>();

  private final SafeExpressions safe;

  Claims(SafeExpressions safe) {
    this.safe = safe;
  }

  /**
   * A node pattern waiting for the construct that binds it: its visibility condition, and its own inline
   * predicate if that must only be evaluated on visible nodes.
   */
  private record Pending(
      int offset, Condition condition, @Nullable Expression guarded) {}

  /** What a construct's node patterns need: all visible; then these predicates. */
  record Claimed(@Nullable Condition visible, List<Expression> guarded) {}

  /** The grammar made input position {@code position}, at character {@code offset}. */
  void position(Object position, int offset) {
    offsets.put(position, offset);
  }

  /** The grammar made WHERE clause {@code where} of {@code condition}. */
  void where(Object where, Expression condition) {
    wheres.put(where, condition);
  }

  /** A node pattern at {@code position} that needs {@code condition}, then {@code guarded} (if any). */
  void node(Object position, Condition condition, @Nullable Expression guarded) {
    pending.add(new Pending(offset(position), condition, guarded));
  }

  /** Adds the claimed visibility conditions to the WHERE of the construct being built. */
  void bind(String name, Object[] a) throws Throwable {
    switch (name) {
      case "matchClause" -> a[6] = where(a[4], claim(offset(a[0])), (Where) a[6]);
      case "existsExpression", "countExpression" -> {
        if (a[2] != null) {
          a[4] = where(a[0], claim(offset(a[0])), (Where) a[4]);
        }
      }
      case "parenthesizedPathPattern" -> a[2] = combine(claim(offset(a[0])), (Expression) a[2]);
      case "patternComprehension" -> a[4] = combine(claim(offset(a[0])), (Expression) a[4]);
      default -> {}
    }
  }

  /** The conditions of every unclaimed node pattern written after {@code from}. */
  Claimed claim(int from) {
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
      result = Cypher.caseExpression()
          .when(claimed.visible())
          .then(guardedParts)
          .elseDefault(Cypher.literalFalse())
          .asCondition();
    }
    return safeParts == null ? result : result.and(safeParts);
  }

  @Nullable
  Object where(Object position, Claimed claimed, @Nullable Where where) throws Throwable {
    if (claimed.visible() == null) {
      return where;
    }
    Expression existing = where == null ? null : wheres.get(where);
    if (where != null && existing == null) {
      throw new QueryRejected("unsupported WHERE clause");
    }
    return ParserInternals.call("whereClause", position, combine(claimed, existing));
  }

  int offset(Object position) {
    Integer offset = offsets.get(position);
    if (offset == null) {
      throw new IllegalStateException("an input position the grammar did not make");
    }
    return offset;
  }

  void requireAllBound() {
    if (!pending.isEmpty()) {
      throw new QueryRejected(
          "a node pattern appears where no MATCH, EXISTS, COUNT or comprehension binds it");
    }
  }
}

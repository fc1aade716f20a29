package org.kith.graph.query;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.neo4j.cypherdsl.core.Cypher;
import org.neo4j.cypherdsl.core.Expression;

/**
 * What an analyst's Cypher may not name: the database's internal ids and Kith's own properties.
 * <ul>
 *   <li>{@code id()} and {@code elementId()} are refused, on nodes and relationships alike: internal ids are
 *       handed out in order, so one tells how many writes others made. Public ids are properties
 *       ({@code n_id}, {@code u_id}, {@code g_id}, {@code p_id}).</li>
 *   <li>Properties whose names start with {@code _} ({@code _json}, {@code _schema}, {@code _labels},
 *       {@code _doc_*}, …) are Kith's own: naming one — {@code n._json}, {@code n {._json}}, a map key, an index
 *       hint — is refused; {@code properties()} and {@code n {.*}}, which would carry them, are refused;
 *       {@code keys(x)} becomes {@code [__key IN keys(x) WHERE NOT __key STARTS WITH '_']}; and a lookup with a
 *       computed key, {@code x[k]}, is null when the key starts with {@code _}.</li>
 * </ul>
 * Nodes and relationships returned whole are mapped without those properties ({@link ResultValues}). Applied to
 * the user's text only: the guard's own visibility checks use {@code id()}. Not thread-safe: one per parse.
 */
final class InternalNames {
  /** How Kith's own property names start. */
  static final String PREFIX = "_";
  /** The variable of the guard's filter over {@code keys()}; reserved, so never a user's. */
  static final String KEY_VAR = CypherGuard.RESERVED + "key";

  private static final String ID_REFUSED =
      "id() and elementId() are not available in analyst queries: internal ids"
          + " are handed out in order and tell how many writes others made; use the public id property instead"
          + " (n.n_id for profile objects, u.u_id for users, g.g_id for groups, r.p_id for relationships)";
  private static final String ALL_REFUSED =
      " is not available in analyst queries: it would carry Kith's own"
          + " properties; return the node or relationship itself (its properties come without them), list the"
          + " properties you want (n {.name, .x}), or use keys(n)";
  private static final String NAME_REFUSED = "property names starting with " + PREFIX
      + " are Kith's own and" + " cannot be read or written in analyst queries";

  /** String literals of this parse by value, and integer literals. */
  private final IdentityHashMap<Object, String> strings = new IdentityHashMap<>();

  private final IdentityHashMap<Object, Boolean> integers = new IdentityHashMap<>();

  /** Refuses a construct that names an internal id or one of Kith's own properties; called before it is built. */
  static void check(String factoryMethod, Object[] a) {
    switch (factoryMethod) {
      case "functionInvocation" -> {
        String function = Allowed.qualifiedName(a[2], a[3]).toLowerCase(Locale.ROOT);
        if (function.equals("id") || function.equals("elementid")) {
          throw new QueryRejected(ID_REFUSED);
        }
        if (function.equals("properties")) {
          throw new QueryRejected("properties()" + ALL_REFUSED);
        }
      }
      case "mapProjectionAll" -> throw new QueryRejected("the map projection n {.*}" + ALL_REFUSED);
      case "property" -> requirePublic(ParserInternals.text(a[1]));
      case "mapProjectionProperty", "mapProjectionLiteralEntry" ->
        requirePublic(ParserInternals.text(a[0]));
      case "mapLiteral" ->
        ((List<?>) a[1]).forEach(key -> requirePublic(ParserInternals.text(key)));
      case "usingIndexHint" -> ((List<?>) a[3]).forEach(key -> requirePublic(String.valueOf(key)));
      default -> {}
    }
  }

  /**
   * The expression to use in place of {@code result}, a construct just built from the user's text: a filter
   * over {@code keys()}, a guarded lookup, or {@code result} itself.
   */
  Object rewrite(String factoryMethod, Object[] a, Object result) {
    switch (factoryMethod) {
      case "newString" -> strings.put(result, (String) a[2]);
      case "newDecimalInteger", "newHexInteger", "newOctalInteger" ->
        integers.put(result, Boolean.TRUE);
      case "functionInvocation" -> {
        if (((List<?>) a[2]).isEmpty() && "keys".equalsIgnoreCase((String) a[3])) {
          return Cypher.raw(
              "[" + KEY_VAR + " IN $E WHERE NOT " + KEY_VAR + " STARTS WITH '" + PREFIX + "']",
              result);
        }
      }
      case "listLookup" -> {
        Object key = a[1];
        if (integers.containsKey(key)) {
          return result;
        }
        String literal = strings.get(key);
        if (literal != null) {
          requirePublic(unquoted(literal));
        }
        // a computed key, a parameter, or a literal whose text the check may have misread: null for
        // Kith's own
        // (a number is no string, so STARTS WITH is null and the lookup itself is taken)
        return Cypher.raw(
            "CASE WHEN $E STARTS WITH '" + PREFIX + "' THEN null ELSE $E END", key, (Expression)
                result);
      }
      default -> {}
    }
    return result;
  }

  private static void requirePublic(@Nullable String name) {
    if (name != null && unquoted(name).startsWith(PREFIX)) {
      throw new QueryRejected(NAME_REFUSED);
    }
  }

  private static String unquoted(String text) {
    String s = text.strip();
    if (s.length() >= 2
        && (s.charAt(0) == '\'' || s.charAt(0) == '"' || s.charAt(0) == '`')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}

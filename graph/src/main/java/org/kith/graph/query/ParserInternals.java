package org.kith.graph.query;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.neo4j.cypherdsl.core.Statement;
import org.neo4j.cypherdsl.parser.KithFactoryAccess;
import org.neo4j.cypherdsl.parser.Options;
import org.neo4j.cypherdsl.parser.internal.ast.factory.ASTExpressionFactory;
import org.neo4j.cypherdsl.parser.internal.ast.factory.ASTFactory;
import org.neo4j.cypherdsl.parser.internal.ast.factory.ASTFactory.StringPos;
import org.neo4j.cypherdsl.parser.internal.parser.common.ast.factory.ASTExceptionFactory;
import org.neo4j.cypherdsl.parser.internal.parser.javacc.Cypher;
import org.neo4j.cypherdsl.parser.internal.parser.javacc.CypherCharStream;
import org.neo4j.cypherdsl.parser.internal.parser.javacc.CypherConstants;
import org.neo4j.cypherdsl.parser.internal.parser.javacc.ParseException;
import org.neo4j.cypherdsl.parser.internal.parser.javacc.Token;
import org.neo4j.gqlstatus.ErrorGqlStatusObject;

/**
 * The one class that touches cypher-dsl's parser internals: Neo4j's Cypher grammar and its AST factory interface,
 * which cypher-dsl shades under {@code parser.internal}, and cypher-dsl's own factory, which is package-private
 * and reached through {@link KithFactoryAccess} (a plain call from cypher-dsl's package, no reflection; the version
 * is pinned, and {@code CypherGuardTests} fails if the grammar's or the factory's shape changes). Input positions
 * are read where the grammar makes them ({@link Rewriting}) and syntax errors are made here. Every factory call
 * goes through a {@link Proxy} of the factory's public interface, so the guard sees each one; {@code
 * ArchitectureTests} allows this class, and no other, to use the internals, and no class to open what a library
 * keeps private (setAccessible).
 *
 * <p>Why the guard needs them: cypher-dsl's public parser API ({@code CypherParser} with {@code Options}
 * callbacks) reports MATCH clauses, RETURN clauses, function and procedure invocations, variables, parameters and
 * literals, but not node patterns outside MATCH (pattern comprehensions, EXISTS/COUNT patterns, quantified path
 * patterns), list lookups, inline node predicates, negated labels or input positions, and the statements it
 * returns cannot be taken apart again; the guard must see and rewrite each of those. Only Neo4j's factory
 * interface shows every construct the grammar builds, and it is internal wherever it is published.
 *
 * <p>Thread-safe: cypher-dsl's factory keeps no state between calls; each parse builds its own proxy.
 */
final class ParserInternals {
  private static final Object FACTORY = KithFactoryAccess.astFactory(Options.defaultOptions());

  private ParserInternals() {}

  /**
   * What the grammar throws for errors it detects beyond its syntax (an invalid command, a misplaced pattern): an
   * unchecked exception with the grammar's message, as cypher-dsl's own exception factory makes it.
   */
  private enum Exceptions implements ASTExceptionFactory {
    INSTANCE;

    @Override
    public Exception syntaxException(
        ErrorGqlStatusObject gql,
        String got,
        List<String> expected,
        Exception source,
        int offset,
        int line,
        int column) {
      return new RuntimeException(gql.getMessage());
    }

    @Override
    public Exception syntaxException(
        String got, List<String> expected, Exception source, int offset, int line, int column) {
      return new RuntimeException(source.getMessage());
    }

    @Override
    public Exception syntaxException(Exception source, int offset, int line, int column) {
      return new RuntimeException(source.getMessage());
    }

    @Override
    public Exception syntaxException(
        ErrorGqlStatusObject gql, Exception source, int offset, int line, int column) {
      return new RuntimeException(gql.getMessage());
    }
  }

  /**
   * Parses one statement, {@code query}, with every factory call going through {@code handler} (which forwards it
   * with {@link #forward}); refuses text after the statement (one {@code ;} may end it) and syntax errors, naming
   * where they are. Exceptions other than syntax errors propagate as thrown.
   */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static Statement parse(String query, InvocationHandler handler) throws Exception {
    ASTFactory factory = (ASTFactory) Proxy.newProxyInstance(
        ParserInternals.class.getClassLoader(), new Class<?>[] {ASTFactory.class}, handler);
    try {
      var parser = new Cypher(factory, Exceptions.INSTANCE, new CypherCharStream(query));
      Object parsed = parser.Statement();
      if (!(parsed instanceof Statement statement)) {
        throw new QueryRejected("the query is not a statement");
      }
      Token next = parser.getToken(1);
      if (next.kind != CypherConstants.EOF
          && !(";".equals(next.image) && parser.getToken(2).kind == CypherConstants.EOF)) {
        throw new QueryRejected("send one statement at a time (text follows the statement at line "
            + next.beginLine + ", column " + next.beginColumn + ")");
      }
      return statement;
    } catch (ParseException e) {
      throw new QueryRejected(syntaxMessage(e));
    }
  }

  private static String syntaxMessage(ParseException e) {
    if (e.currentToken != null && e.currentToken.next != null) {
      var at = e.currentToken.next;
      return "syntax error at line " + at.beginLine + ", column " + at.beginColumn + " near '"
          + CypherGuard.truncate(at.image, 40) + "'";
    }
    return "syntax error: " + CypherGuard.firstLine(e.getMessage());
  }

  /** Whether {@code method} builds an expression (rather than a clause, pattern or hint). */
  static boolean buildsExpression(Method method) {
    return method.getDeclaringClass() == ASTExpressionFactory.class;
  }

  /** The text of a name the grammar passes with its position (a property key, a map key). */
  static String text(Object nameWithPosition) {
    return ((StringPos<?>) nameWithPosition).string;
  }

  /** Calls the factory method of that name and arity. */
  static @Nullable Object call(String name, Object... args) throws Throwable {
    for (Method m : ASTFactory.class.getMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == args.length) {
        return forward(m, args);
      }
    }
    throw new IllegalStateException("cypher-dsl factory has no " + name);
  }

  /** Calls {@code method} on cypher-dsl's factory, rethrowing what it throws. */
  static @Nullable Object forward(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(FACTORY, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}

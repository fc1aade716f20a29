package org.kith.graph.query;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.neo4j.cypherdsl.parser.Options;
import org.neo4j.cypherdsl.parser.internal.ast.factory.ASTFactory;
import org.neo4j.cypherdsl.parser.internal.parser.common.ast.factory.ASTExceptionFactory;

/**
 * cypher-dsl's own AST factory and exception factory, which are package-private there and so reached
 * reflectively (the version is pinned; {@code CypherGuardTests} fails if their shape changes), and the calls the
 * guard makes on them. Thread-safe: the factory keeps no state between calls.
 */
final class DslFactory {
  private static final Object FACTORY;
  private static final Method OFFSET;
  /** The exception factory the grammar reports syntax errors through. */
  static final ASTExceptionFactory EXCEPTIONS;

  static {
    try {
      Class<?> factory = Class.forName("org.neo4j.cypherdsl.parser.CypherDslASTFactory");
      Method getInstance = factory.getDeclaredMethod("getInstance", Options.class);
      getInstance.setAccessible(true);
      FACTORY = getInstance.invoke(null, Options.defaultOptions());
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

  private DslFactory() {}

  /** The character offset of a parser input position. */
  static int offset(Object position) {
    try {
      return (int) OFFSET.invoke(position);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cypher-dsl input positions changed", e);
    }
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

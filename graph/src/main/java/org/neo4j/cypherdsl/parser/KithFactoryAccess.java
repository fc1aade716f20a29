package org.neo4j.cypherdsl.parser;

/**
 * Kith's one door to cypher-dsl's own AST factory, which is package-private: this class lives in cypher-dsl's
 * parser package (in Kith's graph jar), so it calls {@code CypherDslASTFactory.getInstance} as an ordinary,
 * compiler-checked call, without reflection. That works on the class path, where both jars' classes share one
 * runtime package when one class loader loads them: in tests, and in the Spring Boot jar, whose one launch class
 * loader loads every nested jar (cypher-dsl's jar is not sealed). It would not on the module path, where a
 * package may belong to one module only. Only {@code org.kith.graph.query.ParserInternals} uses it
 * ({@code ArchitectureTests}); if cypher-dsl renames or removes the method, compiling graph fails here.
 */
public final class KithFactoryAccess {
  private KithFactoryAccess() {}

  /** cypher-dsl's AST factory for the given options (stateless between calls, so one may be shared). */
  public static Object astFactory(Options options) {
    return CypherDslASTFactory.getInstance(options);
  }
}

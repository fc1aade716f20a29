package org.kith.graph;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * graph adapts core's ports to Neo4j: no Spring, no HTTP, no other adapter module; the embedded database
 * API is used only by the bootstrap, everything else goes through the driver.
 */
@AnalyzeClasses(packages = "org.kith.graph", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {
  @ArchTest
  static final ArchRule noFrameworks = noClasses()
      .that()
      .resideInAPackage("org.kith.graph..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage(
          "org.springframework..", "org.kith.api..", "org.kith.crypto..", "org.kith.extraction..");

  /**
   * The embedded database's API only where it starts, in the transaction listeners registered on it, and in the
   * in-process transport ({@code InProcess*}) that runs a store's transaction work on it behind the driver's types.
   */
  @ArchTest
  static final ArchRule embeddedOnlyInBootstrap = noClasses()
      .that()
      .resideInAPackage("org.kith.graph..")
      .and()
      .haveNameNotMatching(
          "org\\.kith\\.graph\\.neo4j\\.(EmbeddedNeo4j|VisibilityVersion|SessionVersion|MembershipVersion|DisclosureVersion|InProcess[A-Za-z]+)(\\$.*)?")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage(
          "org.neo4j.dbms..",
          "org.neo4j.kernel..",
          "org.neo4j.configuration..",
          "org.neo4j.graphdb..");

  /**
   * cypher-dsl's parser internals (Neo4j's grammar and AST factory, shaded under {@code parser.internal}) are not
   * its API. One exception, until the analyst guard has a parser whose every construct it can see through a public
   * API: {@code ParserInternals}, the guard's only door to the grammar (its javadoc says what the public API
   * lacks), which alone may also use {@code KithFactoryAccess}, graph's one class in cypher-dsl's package.
   */
  @ArchTest
  static final ArchRule noParserInternals = noClasses()
      .that()
      .resideInAPackage("org.kith..")
      .and()
      .haveNameNotMatching("org\\.kith\\.graph\\.query\\.ParserInternals(\\$.*)?")
      .should()
      .dependOnClassesThat()
      .resideInAPackage("..parser.internal..")
      .orShould()
      .dependOnClassesThat()
      .haveFullyQualifiedName("org.neo4j.cypherdsl.parser.KithFactoryAccess");

  /**
   * Nothing opens what a library keeps private, looks members up by name or loads classes by name: no
   * setAccessible, no getDeclared…, no Class.forName, anywhere. {@code java.lang.reflect} only for the analyst
   * guard's proxy of the parser's public factory interface (every factory call passes through {@code Rewriting},
   * which forwards it with {@code ParserInternals}).
   */
  @ArchTest
  static final ArchRule noReflection = noClasses()
      .that()
      .resideInAPackage("org.kith..")
      .should()
      .callMethodWhere(target(nameMatching("(try)?[sS]etAccessible|privateLookupIn")))
      .orShould()
      .callMethodWhere(
          target(owner(type(Class.class))).and(target(nameMatching("forName|getDeclared.*"))));

  @ArchTest
  static final ArchRule reflectionOnlyForTheGuardsProxy = noClasses()
      .that()
      .resideInAPackage("org.kith..")
      .and()
      .haveNameNotMatching("org\\.kith\\.graph\\.query\\.(ParserInternals|Rewriting)(\\$.*)?")
      .should()
      .dependOnClassesThat()
      .resideInAPackage("java.lang.reflect..");

  @ArchTest
  static final ArchRule noCycles =
      slices().matching("org.kith.graph.(*)..").should().beFreeOfCycles();
}

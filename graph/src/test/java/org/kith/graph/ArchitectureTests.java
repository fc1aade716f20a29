package org.kith.graph;

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
  static final ArchRule noFrameworks = noClasses().that().resideInAPackage("org.kith.graph..")
      .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.kith.api..",
          "org.kith.crypto..", "org.kith.extraction..");

  /** The embedded database's API only where it starts, and in the transaction listeners registered on it. */
  @ArchTest
  static final ArchRule embeddedOnlyInBootstrap = noClasses().that().resideInAPackage("org.kith.graph..")
      .and().haveNameNotMatching("org\\.kith\\.graph\\.neo4j\\.(EmbeddedNeo4j|VisibilityVersion|SessionVersion)(\\$.*)?")
      .should().dependOnClassesThat().resideInAnyPackage("org.neo4j.dbms..", "org.neo4j.kernel..",
          "org.neo4j.configuration..", "org.neo4j.graphdb..");

  @ArchTest
  static final ArchRule noCycles = slices().matching("org.kith.graph.(*)..").should().beFreeOfCycles();
}

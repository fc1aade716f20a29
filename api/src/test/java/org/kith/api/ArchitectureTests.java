package org.kith.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The HTTP layer calls core's use cases: handlers never touch the driver, Cypher or adapter classes (graph,
 * crypto's password and token parts, blobs, delivery); only the wiring in {@code config} knows the adapters.
 */
@AnalyzeClasses(packages = "org.kith.api", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {
  @ArchTest
  static final ArchRule handlersUseCoreOnly = noClasses()
      .that()
      .resideInAPackage("org.kith.api..")
      .and()
      .resideOutsideOfPackage("org.kith.api.config..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage(
          "org.neo4j..",
          "org.kith.graph..",
          "org.kith.crypto.password..",
          "org.kith.crypto.token..",
          "org.kith.blobs..",
          "org.kith.delivery..");

  @ArchTest
  static final ArchRule noCycles =
      slices().matching("org.kith.api.(*)..").should().beFreeOfCycles();
}

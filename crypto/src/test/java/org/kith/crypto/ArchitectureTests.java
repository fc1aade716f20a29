package org.kith.crypto;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** crypto doubles as a relying-party library: no Spring, no graph, no HTTP application. */
@AnalyzeClasses(packages = "org.kith.crypto", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {
  @ArchTest
  static final ArchRule noFrameworks = noClasses()
      .that()
      .resideInAPackage("org.kith.crypto..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage(
          "org.springframework..",
          "org.neo4j..",
          "org.kith.graph..",
          "org.kith.api..",
          "org.kith.extraction..");

  @ArchTest
  static final ArchRule noCycles =
      slices().matching("org.kith.crypto.(*)..").should().beFreeOfCycles();
}

package org.kith.extraction;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** extraction adapts OCR and imaging to core: no Spring, no graph, no HTTP. */
@AnalyzeClasses(
    packages = "org.kith.extraction",
    importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {
  @ArchTest
  static final ArchRule noFrameworks = noClasses()
      .that()
      .resideInAPackage("org.kith.extraction..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage(
          "org.springframework..",
          "org.neo4j..",
          "org.kith.graph..",
          "org.kith.api..",
          "org.kith.crypto..");

  @ArchTest
  static final ArchRule noCycles =
      slices().matching("org.kith.extraction.(*)..").should().beFreeOfCycles();
}

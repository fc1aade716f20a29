package org.kith.blobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** An adapter implements core's ports with its own technology: no framework, no other Kith module. */
@AnalyzeClasses(packages = "org.kith.blobs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {
  @ArchTest
  static final ArchRule coreAndOwnTechnologyOnly = noClasses()
      .that()
      .resideInAPackage("org.kith.blobs..")
      .should()
      .dependOnClassesThat()
      .resideInAnyPackage(
          "org.springframework..",
          "org.neo4j..",
          "org.kith.api..",
          "org.kith.graph..",
          "org.kith.crypto..",
          "org.kith.extraction..");
}

package org.kith.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** core is the domain: it sees the JDK, Reactor and JSpecify, nothing else, and its packages form no cycle. */
@AnalyzeClasses(packages = "org.kith.core", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {
  @ArchTest
  static final ArchRule onlyJdkAndReactor = classes()
      .that()
      .resideInAPackage("org.kith.core..")
      .should()
      .onlyDependOnClassesThat()
      .resideInAnyPackage(
          "org.kith.core..", "java..", "reactor..", "org.jspecify..", "org.reactivestreams..");

  @ArchTest
  static final ArchRule noCycles =
      slices().matching("org.kith.core.(*)..").should().beFreeOfCycles();
}

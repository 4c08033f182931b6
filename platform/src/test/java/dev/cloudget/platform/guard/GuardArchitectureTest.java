package dev.cloudget.platform.guard;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** The destination guard is plain Java: the worker's engines and task-management's webhooks share it as it is. */
@AnalyzeClasses(packages = "dev.cloudget.platform.guard", importOptions = ImportOption.DoNotIncludeTests.class)
class GuardArchitectureTest {

    @ArchTest
    static final ArchRule theDestinationGuardDependsOnNothingButTheJdk =
            classes().that().resideInAPackage("dev.cloudget.platform.guard..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("dev.cloudget.platform.guard..", "java..");
}

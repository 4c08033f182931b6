package dev.cloudget.worker;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;
import dev.cloudget.testsupport.ServiceRules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The shape every service keeps (see {@link ServiceRules}), and the worker's own layering. */
@AnalyzeClasses(packages = "dev.cloudget.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests service = ArchTests.in(ServiceRules.class);

    @ArchTest
    static final ArchRule enginesKnowNothingOfJobsStorageOrKafka =
            noClasses().that().resideInAPackage("dev.cloudget.worker.engine..")
                    .should().dependOnClassesThat().resideInAnyPackage("dev.cloudget.worker.jobs..",
                            "dev.cloudget.worker.staging..", "org.springframework.kafka..", "io.minio..");
}

package dev.cloudget.worker;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

@AnalyzeClasses(packages = "dev.cloudget.worker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final Pattern ADAPTER =
            Pattern.compile("dev\\.cloudget\\.worker\\.(\\w+)\\.(persistence|web|messaging)(\\..*)?");
    private static final Pattern FEATURE = Pattern.compile("dev\\.cloudget\\.worker\\.(\\w+)(\\..*)?");

    @ArchTest
    static final ArchRule featuresDoNotReachIntoEachOthersAdapters =
            classes().that().resideInAPackage("dev.cloudget.worker..")
                    .should(new ArchCondition<JavaClass>("use other features only through their API") {
                        @Override
                        public void check(JavaClass source, ConditionEvents events) {
                            for (Dependency dependency : source.getDirectDependenciesFromSelf()) {
                                Matcher target = ADAPTER.matcher(dependency.getTargetClass().getPackageName());
                                Matcher origin = FEATURE.matcher(source.getPackageName());
                                if (target.matches() && (!origin.matches() || !origin.group(1).equals(target.group(1)))) {
                                    events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                                }
                            }
                        }
                    });

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles =
            slices().matching("dev.cloudget.worker.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theDestinationGuardDependsOnNothingButTheJdk =
            classes().that().resideInAPackage("dev.cloudget.worker.guard..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("dev.cloudget.worker.guard..", "java..");

    @ArchTest
    static final ArchRule enginesKnowNothingOfJobsStorageOrKafka =
            noClasses().that().resideInAPackage("dev.cloudget.worker.engine..")
                    .should().dependOnClassesThat().resideInAnyPackage("dev.cloudget.worker.jobs..",
                            "dev.cloudget.worker.staging..", "org.springframework.kafka..", "io.minio..");

    @ArchTest
    static final ArchRule noDependencyOnAnotherService =
            noClasses().that().resideInAPackage("dev.cloudget.worker..")
                    .should().dependOnClassesThat().resideInAnyPackage("dev.cloudget.gateway..",
                            "dev.cloudget.links..", "dev.cloudget.seeds..", "dev.cloudget.tasks..",
                            "dev.cloudget.distribution..", "dev.cloudget.storage..", "dev.cloudget.statistics..",
                            "dev.cloudget.client..");
}

package dev.cloudget.storage;

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

/** Features talk to each other through their public services, never through each other's tables or web layer. */
@AnalyzeClasses(packages = "dev.cloudget.storage", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final Pattern FEATURE = Pattern.compile("dev\\.cloudget\\.storage\\.([^.]+)\\..*");

    @ArchTest
    static final ArchRule persistenceIsUsedOnlyByItsOwnFeature = classes()
            .that().resideInAPackage("dev.cloudget.storage.*.persistence..")
            .should(beUsedOnlyFromTheirOwnFeature());

    @ArchTest
    static final ArchRule webAdaptersAreUsedByNobody = classes()
            .that().resideInAPackage("dev.cloudget.storage.*.web..")
            .should(beUsedOnlyFromTheirOwnFeature());

    @ArchTest
    static final ArchRule featuresDoNotDependOnEachOtherInCycles = slices()
            .matching("dev.cloudget.storage.(*)..")
            .should().beFreeOfCycles();

    @ArchTest
    static final ArchRule storageDependsOnNoOtherService = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.cloudget.tasks..", "dev.cloudget.worker..",
                    "dev.cloudget.distribution..", "dev.cloudget.links..", "dev.cloudget.seeds..",
                    "dev.cloudget.statistics..", "dev.cloudget.gateway..");

    private static ArchCondition<JavaClass> beUsedOnlyFromTheirOwnFeature() {
        return new ArchCondition<>("be used only from their own feature") {
            @Override
            public void check(JavaClass target, ConditionEvents events) {
                String feature = featureOf(target.getPackageName() + ".");
                for (Dependency dependency : target.getDirectDependenciesToSelf()) {
                    JavaClass origin = dependency.getOriginClass();
                    String originFeature = featureOf(origin.getPackageName() + ".");
                    if (!feature.equals(originFeature)) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static String featureOf(String packageName) {
        Matcher matcher = FEATURE.matcher(packageName);
        return matcher.matches() ? matcher.group(1) : "";
    }
}

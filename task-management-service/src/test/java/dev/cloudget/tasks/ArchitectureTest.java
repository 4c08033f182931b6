package dev.cloudget.tasks;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The shape of the service: features behind their own services, and no other service's code. */
@AnalyzeClasses(packages = "dev.cloudget.tasks", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "dev.cloudget.tasks.";

    @ArchTest
    static final ArchRule featuresUseOnlyTheirOwnPersistence = classes()
            .that().resideInAPackage("dev.cloudget.tasks..")
            .should(useOnlyTheirOwnFeaturesPersistence());

    @ArchTest
    static final ArchRule noDependencyOnOtherServices = noClasses()
            .that().resideInAPackage("dev.cloudget.tasks..")
            .should().dependOnClassesThat(resideInAPackage("dev.cloudget..")
                    .and(not(resideInAnyPackage("dev.cloudget.tasks..", "dev.cloudget.contracts..",
                            "dev.cloudget.platform.."))));

    @ArchTest
    static final ArchRule adaptersGoThroughTheFeaturesServices = noClasses()
            .that().resideInAnyPackage("..web..", "..messaging..")
            .should().dependOnClassesThat().resideInAPackage("..persistence..");

    @ArchTest
    static final ArchRule persistenceKnowsNoAdapters = noClasses()
            .that().resideInAPackage("..persistence..")
            .should().dependOnClassesThat().resideInAnyPackage("..web..", "..messaging..");

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = slices().matching("dev.cloudget.tasks.(*)..").should().beFreeOfCycles();

    private static ArchCondition<JavaClass> useOnlyTheirOwnFeaturesPersistence() {
        return new ArchCondition<>("use only the persistence of their own feature") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    String owner = persistenceOwner(dependency.getTargetClass().getPackageName());
                    if (owner != null && !owner.equals(featureOf(origin.getPackageName()))) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    /** {@code task} for {@code dev.cloudget.tasks.task.web}; empty for the root package. */
    static String featureOf(String packageName) {
        if (!packageName.startsWith(ROOT)) {
            return "";
        }
        String rest = packageName.substring(ROOT.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** The feature whose persistence package this is, or null for any other package. */
    static String persistenceOwner(String packageName) {
        String feature = featureOf(packageName);
        return !feature.isEmpty() && packageName.startsWith(ROOT + feature + ".persistence") ? feature : null;
    }
}

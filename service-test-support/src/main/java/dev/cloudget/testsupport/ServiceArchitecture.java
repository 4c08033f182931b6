package dev.cloudget.testsupport;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape every cloudget service keeps, as ArchUnit rules for the service's base package (e.g.
 * {@code dev.cloudget.storage}): features ({@code <base>.<feature>}) talk to each other through their
 * application services, never through each other's {@code persistence}, {@code web} or {@code messaging}
 * adapters, and a service shares code with other services only through {@code contracts} and {@code platform}.
 *
 * <p>Rules that select a part of the service which a small service may lack ({@link #featuresAreFreeOfCycles},
 * {@link #adaptersGoThroughTheFeaturesServices}, {@link #persistenceKnowsNoAdapters}) keep ArchUnit's default of
 * failing when they select nothing, so that a renamed package cannot silently empty them; a service in which
 * they are vacuous says so with {@code .allowEmptyShould(true)}.
 */
public final class ServiceArchitecture {

    /** The base package of every deployable service. */
    public static final List<String> SERVICE_PACKAGES = List.of("dev.cloudget.tasks", "dev.cloudget.worker",
            "dev.cloudget.distribution", "dev.cloudget.links", "dev.cloudget.seeds", "dev.cloudget.statistics",
            "dev.cloudget.gateway", "dev.cloudget.storage");

    /** The download client is not a service, but no service may depend on it either. */
    private static final String CLIENT_PACKAGE = "dev.cloudget.client";

    /** The only cloudget code a service may share with others. */
    private static final List<String> SHARED_PACKAGES = List.of("dev.cloudget.contracts", "dev.cloudget.platform");

    private ServiceArchitecture() {
    }

    /** A feature's {@code persistence} package is used by that feature alone (not by others, nor by the root package). */
    public static ArchRule persistenceIsUsedOnlyByItsOwnFeature(String service) {
        return adaptersAreUsedOnlyByTheirOwnFeature(service, "persistence");
    }

    /** A feature's {@code web} package (controllers and their request/response types) is used by nobody else. */
    public static ArchRule webAdaptersAreUsedByNobodyElse(String service) {
        return adaptersAreUsedOnlyByTheirOwnFeature(service, "web");
    }

    /** A feature's {@code messaging} package (listeners and publishers) is used by nobody else. */
    public static ArchRule messagingAdaptersAreUsedByNobodyElse(String service) {
        return adaptersAreUsedOnlyByTheirOwnFeature(service, "messaging");
    }

    /** The features ({@code <base>.<feature>..}) depend on each other without cycles. */
    public static ArchRule featuresAreFreeOfCycles(String service) {
        return slices().matching(service + ".(*)..").should().beFreeOfCycles();
    }

    /** No class of the service depends on another service's packages (or on the download client). */
    public static ArchRule dependsOnNoOtherService(String service) {
        String[] forbidden = Stream.concat(SERVICE_PACKAGES.stream().filter(other -> !other.equals(service)),
                        Stream.of(CLIENT_PACKAGE))
                .map(other -> other + "..")
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(service + "..")
                .should().dependOnClassesThat().resideInAnyPackage(forbidden);
    }

    /** Of all cloudget code, the service uses only its own, {@code contracts} and {@code platform}. */
    public static ArchRule usesNoCloudgetCodeButContractsAndPlatform(String service) {
        String[] allowed = Stream.concat(Stream.of(service), SHARED_PACKAGES.stream())
                .map(pkg -> pkg + "..")
                .toArray(String[]::new);
        return noClasses().that().resideInAPackage(service + "..")
                .should().dependOnClassesThat(resideInAPackage("dev.cloudget..").and(not(resideInAnyPackage(allowed))));
    }

    /** Web and messaging adapters go through their feature's application service, never straight to persistence. */
    public static ArchRule adaptersGoThroughTheFeaturesServices(String service) {
        return noClasses().that().resideInAnyPackage(service + "..web..", service + "..messaging..")
                .should().dependOnClassesThat().resideInAPackage("..persistence..");
    }

    /** Persistence knows nothing of the web or messaging adapters. */
    public static ArchRule persistenceKnowsNoAdapters(String service) {
        return noClasses().that().resideInAPackage(service + "..persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("..web..", "..messaging..");
    }

    /** Only {@code persistence} packages use JDBC: SQL stays out of the application services and adapters. */
    public static ArchRule onlyPersistenceTouchesTheDatabase(String service) {
        return noClasses().that().resideInAPackage(service + "..")
                .and().resideOutsideOfPackage(service + "..persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..");
    }

    /**
     * Every dependency on a class in {@code <service>.<feature>.<adapter>..} comes from {@code <service>.<feature>..}.
     * Checked on the dependencies of every class of the service, so the rule is never empty, even in a service
     * without any such adapter.
     */
    private static ArchRule adaptersAreUsedOnlyByTheirOwnFeature(String service, String adapter) {
        String description = "use a feature's " + adapter + " package only from that feature";
        return classes().that().resideInAPackage(service + "..")
                .should(new ArchCondition<JavaClass>(description) {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        Optional<String> originFeature = featureOf(service, origin.getPackageName());
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            String target = dependency.getTargetClass().getPackageName();
                            Optional<String> owner = featureOf(service, target)
                                    .filter(feature -> isInside(target, service + "." + feature + "." + adapter));
                            if (owner.isPresent() && !owner.equals(originFeature)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                });
    }

    /** {@code task} for {@code dev.cloudget.tasks.task.web}; empty for the base package itself or a package outside it. */
    static Optional<String> featureOf(String service, String packageName) {
        if (!packageName.startsWith(service + ".")) {
            return Optional.empty();
        }
        String rest = packageName.substring(service.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    private static boolean isInside(String packageName, String parent) {
        return packageName.equals(parent) || packageName.startsWith(parent + ".");
    }
}

package dev.cloudget.testsupport;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/**
 * What the {@link ServiceRules} know of a class from its package alone: a class in
 * {@code dev.cloudget.<service>.<feature>..} belongs to the service {@code dev.cloudget.<service>} and to the feature
 * {@code dev.cloudget.<service>.<feature>}; a class in {@code dev.cloudget.<service>} itself belongs to the service
 * but to no feature. Deriving both from the class, rather than from a base package each service passes in, is what
 * lets every service check itself with the same rule objects.
 */
public final class ServiceArchitecture {

    /** The base package of every deployable service. */
    public static final List<String> SERVICE_PACKAGES = List.of("dev.cloudget.tasks", "dev.cloudget.worker",
            "dev.cloudget.distribution", "dev.cloudget.links", "dev.cloudget.seeds", "dev.cloudget.statistics",
            "dev.cloudget.gateway", "dev.cloudget.storage");

    /** The download client is not a service, but no service may depend on it either. */
    static final String CLIENT_PACKAGE = "dev.cloudget.client";

    /** The only cloudget code a service may share with others. */
    static final List<String> SHARED_PACKAGES = List.of("dev.cloudget.contracts", "dev.cloudget.platform");

    private static final String ROOT = "dev.cloudget";

    /** The classes the rules are about: those of some service, i.e. of {@code dev.cloudget.*..} but not shared code. */
    static final DescribedPredicate<JavaClass> SERVICE_CODE = DescribedPredicate.describe(
            "belong to a cloudget service", javaClass -> serviceOf(javaClass.getPackageName())
                    .filter(service -> !SHARED_PACKAGES.contains(service))
                    .isPresent());

    private ServiceArchitecture() {
    }

    /**
     * Every dependency on a class in {@code <feature>.<adapter>..} of a service comes from that feature. Checked on
     * the dependencies of every class of the service, so the rule is never empty, even in a service without any such
     * adapter. An adapter of another service is the business of {@link #dependsOnNoOtherService}.
     */
    static ArchRule adaptersAreUsedOnlyByTheirOwnFeature(String adapter) {
        return classes().that(SERVICE_CODE).should(haveNoDependency(
                "use a feature's " + adapter + " package only from that feature",
                (origin, target) -> serviceOf(target).equals(serviceOf(origin))
                        && featureOf(target).filter(feature -> isInside(target, feature + "." + adapter))
                                .filter(feature -> !featureOf(origin).equals(Optional.of(feature)))
                                .isPresent()));
    }

    /** No class depends on a service of {@code services} other than its own, nor on the download client. */
    static ArchRule dependsOnNoOtherService(Collection<String> services) {
        String description = "depend on no other service of " + services.stream().sorted().collect(Collectors.joining(", "))
                + " nor on the download client " + CLIENT_PACKAGE;
        return classes().that(SERVICE_CODE).should(haveNoDependency(description, (origin, target) -> {
            Optional<String> targetService = serviceOf(target);
            return targetService.isPresent() && !targetService.equals(serviceOf(origin))
                    && (services.contains(targetService.get()) || targetService.get().equals(CLIENT_PACKAGE));
        }));
    }

    /** Of all cloudget code, a class uses only its own service's, {@code contracts} and {@code platform}. */
    static ArchRule usesNoCloudgetCodeButItsServiceContractsAndPlatform() {
        return classes().that(SERVICE_CODE).should(haveNoDependency(
                "use no cloudget code but their own service's and " + String.join(", ", SHARED_PACKAGES),
                (origin, target) -> isInside(target, ROOT)
                        && Stream.concat(serviceOf(origin).stream(), SHARED_PACKAGES.stream())
                                .noneMatch(allowed -> isInside(target, allowed))));
    }

    /** {@code dev.cloudget.tasks} for {@code dev.cloudget.tasks.task.web}; empty for {@code dev.cloudget} or outside it. */
    static Optional<String> serviceOf(String packageName) {
        return prefix(packageName, 3);
    }

    /** {@code dev.cloudget.tasks.task} for {@code dev.cloudget.tasks.task.web}; empty for a service's base package. */
    static Optional<String> featureOf(String packageName) {
        return prefix(packageName, 4);
    }

    /** The first {@code segments} segments of a package inside {@code dev.cloudget}, if it has that many. */
    private static Optional<String> prefix(String packageName, int segments) {
        if (!isInside(packageName, ROOT)) {
            return Optional.empty();
        }
        String[] parts = packageName.split("\\.");
        return parts.length < segments ? Optional.empty()
                : Optional.of(String.join(".", List.of(parts).subList(0, segments)));
    }

    private static boolean isInside(String packageName, String parent) {
        return packageName.equals(parent) || packageName.startsWith(parent + ".");
    }

    /** Violated by each dependency whose (origin package, target package) is {@code forbidden}. */
    private static ArchCondition<JavaClass> haveNoDependency(String description, BiPredicate<String, String> forbidden) {
        return new ArchCondition<>(description) {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                    if (forbidden.test(origin.getPackageName(), dependency.getTargetClass().getPackageName())) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }
}

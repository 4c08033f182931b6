package dev.cloudget.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each rule accepts a well-shaped service ({@code dev.cloudget.wellshaped}) and catches its breach in another
 * ({@code dev.cloudget.leaky}). The samples sit directly under {@code dev.cloudget} because that is where the rules
 * look for a class's service and feature.
 */
class ServiceArchitectureTest {

    private static final String WELL_SHAPED = "dev.cloudget.wellshaped";
    private static final String LEAKY = "dev.cloudget.leaky";

    private static final JavaClasses WELL_SHAPED_CLASSES = new ClassFileImporter().importPackages(WELL_SHAPED);
    private static final JavaClasses LEAKY_CLASSES = new ClassFileImporter().importPackages(LEAKY);

    @Test
    void catchesAFeatureOrTheBasePackageUsingAnotherFeaturesPersistence() {
        assertHolds(ServiceRules.Core.persistenceIsUsedOnlyByItsOwnFeature);
        assertViolated(ServiceRules.Core.persistenceIsUsedOnlyByItsOwnFeature,
                "Billing.rows> has type <" + LEAKY + ".orders.persistence.OrderRows>",
                "LeakyApplication.rows> has type <" + LEAKY + ".orders.persistence.OrderRows>");
    }

    @Test
    void catchesAnotherFeatureUsingAWebAdapter() {
        assertHolds(ServiceRules.webAdaptersAreUsedByNobodyElse);
        assertViolated(ServiceRules.webAdaptersAreUsedByNobodyElse,
                "Billing.controller> has type <" + LEAKY + ".orders.web.OrderController>");
    }

    @Test
    void catchesAnotherFeatureUsingAMessagingAdapter() {
        assertHolds(ServiceRules.Core.messagingAdaptersAreUsedByNobodyElse);
        assertViolated(ServiceRules.Core.messagingAdaptersAreUsedByNobodyElse,
                "Billing.listener> has type <" + LEAKY + ".orders.messaging.OrderListener>");
    }

    @Test
    void catchesACycleBetweenFeatures() {
        assertHolds(ServiceRules.Core.featuresAreFreeOfCycles);
        assertViolated(ServiceRules.Core.featuresAreFreeOfCycles, "Cycle detected");
    }

    @Test
    void catchesCloudgetCodeOutsideTheServiceContractsAndPlatform() {
        assertHolds(ServiceRules.Core.usesNoCloudgetCodeButContractsAndPlatform);
        assertViolated(ServiceRules.Core.usesNoCloudgetCodeButContractsAndPlatform,
                "<" + ServiceArchitecture.class.getName() + ">",
                "Billing.otherService> has type <" + WELL_SHAPED + ".orders.Orders>");
    }

    @Test
    void catchesAnAdapterGoingStraightToPersistence() {
        assertHolds(ServiceRules.Core.adaptersGoThroughTheFeaturesServices);
        assertViolated(ServiceRules.Core.adaptersGoThroughTheFeaturesServices,
                "OrderController.rows> has type <" + LEAKY + ".orders.persistence.OrderRows>");
    }

    @Test
    void catchesPersistenceKnowingAnAdapter() {
        assertHolds(ServiceRules.Core.persistenceKnowsNoAdapters);
        assertViolated(ServiceRules.Core.persistenceKnowsNoAdapters,
                "OrderRows.controller> has type <" + LEAKY + ".orders.web.OrderController>");
    }

    @Test
    void catchesJdbcOutsidePersistence() {
        assertHolds(ServiceRules.onlyPersistenceTouchesTheDatabase);
        assertViolated(ServiceRules.onlyPersistenceTouchesTheDatabase,
                "Billing.connection> has type <java.sql.Connection>");
    }

    @Test
    void forbidsEveryOtherServiceAndTheClient() {
        assertThat(ServiceRules.Core.dependsOnNoOtherService.getDescription()).contains("dev.cloudget.tasks",
                "dev.cloudget.worker", "dev.cloudget.distribution", "dev.cloudget.links", "dev.cloudget.seeds",
                "dev.cloudget.statistics", "dev.cloudget.gateway", "dev.cloudget.storage", "dev.cloudget.client");
        assertHolds(ServiceRules.Core.dependsOnNoOtherService);

        // the samples are no services the bundled rule knows of, so their breach is shown with them made known
        ArchRule knowingTheSamples = ServiceArchitecture.dependsOnNoOtherService(List.of(WELL_SHAPED, LEAKY));
        assertHolds(knowingTheSamples);
        assertViolated(knowingTheSamples, "Billing.otherService> has type <" + WELL_SHAPED + ".orders.Orders>");
        assertThatThrownBy(() -> knowingTheSamples.check(LEAKY_CLASSES)).message()
                .doesNotContain("<" + LEAKY + ".orders");
    }

    @Test
    void bundlesEveryRuleAndTheCoreOnesApart() {
        assertThat(List.of(ServiceRules.class.getFields())).extracting("name").containsExactlyInAnyOrder(
                "core", "webAdaptersAreUsedByNobodyElse", "onlyPersistenceTouchesTheDatabase");
        assertThat(List.of(ServiceRules.Core.class.getFields())).extracting("name").containsExactlyInAnyOrder(
                "persistenceIsUsedOnlyByItsOwnFeature", "messagingAdaptersAreUsedByNobodyElse",
                "featuresAreFreeOfCycles", "dependsOnNoOtherService", "usesNoCloudgetCodeButContractsAndPlatform",
                "adaptersGoThroughTheFeaturesServices", "persistenceKnowsNoAdapters");
    }

    @Test
    void namesTheServiceAndFeatureOfAPackage() {
        assertThat(ServiceArchitecture.serviceOf("dev.cloudget.tasks.task.web")).hasValue("dev.cloudget.tasks");
        assertThat(ServiceArchitecture.featureOf("dev.cloudget.tasks.task.web")).hasValue("dev.cloudget.tasks.task");
        assertThat(ServiceArchitecture.featureOf("dev.cloudget.tasks.task")).hasValue("dev.cloudget.tasks.task");
        assertThat(ServiceArchitecture.serviceOf("dev.cloudget.tasks")).hasValue("dev.cloudget.tasks");
        assertThat(ServiceArchitecture.featureOf("dev.cloudget.tasks")).isEmpty();
        assertThat(ServiceArchitecture.serviceOf("dev.cloudget")).isEmpty();
        assertThat(ServiceArchitecture.serviceOf("dev.cloudgetx.tasks")).isEmpty();
    }

    private static void assertHolds(ArchRule rule) {
        assertThatCode(() -> rule.check(WELL_SHAPED_CLASSES)).doesNotThrowAnyException();
    }

    private static void assertViolated(ArchRule rule, String... violations) {
        assertThatThrownBy(() -> rule.check(LEAKY_CLASSES))
                .isInstanceOf(AssertionError.class)
                .message().contains(violations);
    }
}

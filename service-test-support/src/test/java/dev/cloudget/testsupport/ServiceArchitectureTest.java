package dev.cloudget.testsupport;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each rule accepts a well-shaped service ({@code fixture.clean}) and catches its breach in {@code fixture.leaky}. */
class ServiceArchitectureTest {

    private static final String CLEAN = "dev.cloudget.testsupport.fixture.clean";
    private static final String LEAKY = "dev.cloudget.testsupport.fixture.leaky";

    private static final JavaClasses CLEAN_CLASSES = new ClassFileImporter().importPackages(CLEAN);
    private static final JavaClasses LEAKY_CLASSES = new ClassFileImporter().importPackages(LEAKY);

    @Test
    void catchesAFeatureOrTheBasePackageUsingAnotherFeaturesPersistence() {
        assertHolds(ServiceArchitecture::persistenceIsUsedOnlyByItsOwnFeature);
        assertViolated(ServiceArchitecture::persistenceIsUsedOnlyByItsOwnFeature,
                "Billing.rows> has type <" + LEAKY + ".orders.persistence.OrderRows>",
                "LeakyApplication.rows> has type <" + LEAKY + ".orders.persistence.OrderRows>");
    }

    @Test
    void catchesAnotherFeatureUsingAWebAdapter() {
        assertHolds(ServiceArchitecture::webAdaptersAreUsedByNobodyElse);
        assertViolated(ServiceArchitecture::webAdaptersAreUsedByNobodyElse,
                "Billing.controller> has type <" + LEAKY + ".orders.web.OrderController>");
    }

    @Test
    void catchesAnotherFeatureUsingAMessagingAdapter() {
        assertHolds(ServiceArchitecture::messagingAdaptersAreUsedByNobodyElse);
        assertViolated(ServiceArchitecture::messagingAdaptersAreUsedByNobodyElse,
                "Billing.listener> has type <" + LEAKY + ".orders.messaging.OrderListener>");
    }

    @Test
    void catchesACycleBetweenFeatures() {
        assertHolds(ServiceArchitecture::featuresAreFreeOfCycles);
        assertViolated(ServiceArchitecture::featuresAreFreeOfCycles, "Cycle detected");
    }

    @Test
    void catchesCloudgetCodeOutsideTheServiceContractsAndPlatform() {
        assertHolds(ServiceArchitecture::usesNoCloudgetCodeButContractsAndPlatform);
        assertViolated(ServiceArchitecture::usesNoCloudgetCodeButContractsAndPlatform,
                "<" + ServiceArchitecture.class.getName() + ">");
    }

    @Test
    void catchesAnAdapterGoingStraightToPersistence() {
        assertHolds(ServiceArchitecture::adaptersGoThroughTheFeaturesServices);
        assertViolated(ServiceArchitecture::adaptersGoThroughTheFeaturesServices,
                "OrderController.rows> has type <" + LEAKY + ".orders.persistence.OrderRows>");
    }

    @Test
    void catchesPersistenceKnowingAnAdapter() {
        assertHolds(ServiceArchitecture::persistenceKnowsNoAdapters);
        assertViolated(ServiceArchitecture::persistenceKnowsNoAdapters,
                "OrderRows.controller> has type <" + LEAKY + ".orders.web.OrderController>");
    }

    @Test
    void catchesJdbcOutsidePersistence() {
        assertHolds(ServiceArchitecture::onlyPersistenceTouchesTheDatabase);
        assertViolated(ServiceArchitecture::onlyPersistenceTouchesTheDatabase,
                "Billing.connection> has type <java.sql.Connection>");
    }

    @Test
    void forbidsEveryOtherServiceAndTheClientButNotTheServiceItself() {
        String rule = ServiceArchitecture.dependsOnNoOtherService("dev.cloudget.storage").getDescription();
        String forbidden = rule.substring(rule.indexOf(" should "));

        assertThat(forbidden).contains("'dev.cloudget.tasks..'", "'dev.cloudget.worker..'", "'dev.cloudget.distribution..'",
                "'dev.cloudget.links..'", "'dev.cloudget.seeds..'", "'dev.cloudget.statistics..'",
                "'dev.cloudget.gateway..'", "'dev.cloudget.client..'");
        assertThat(forbidden).doesNotContain("'dev.cloudget.storage..'");
        assertThatCode(() -> ServiceArchitecture.dependsOnNoOtherService(CLEAN).check(CLEAN_CLASSES))
                .doesNotThrowAnyException();
    }

    @Test
    void namesTheFeatureOfAPackage() {
        assertThat(ServiceArchitecture.featureOf("dev.cloudget.tasks", "dev.cloudget.tasks.task.web")).hasValue("task");
        assertThat(ServiceArchitecture.featureOf("dev.cloudget.tasks", "dev.cloudget.tasks.task")).hasValue("task");
        assertThat(ServiceArchitecture.featureOf("dev.cloudget.tasks", "dev.cloudget.tasks")).isEmpty();
        assertThat(ServiceArchitecture.featureOf("dev.cloudget.tasks", "dev.cloudget.tasksx.task")).isEmpty();
    }

    private static void assertHolds(Function<String, ArchRule> rule) {
        assertThatCode(() -> rule.apply(CLEAN).check(CLEAN_CLASSES)).doesNotThrowAnyException();
    }

    private static void assertViolated(Function<String, ArchRule> rule, String... violations) {
        assertThatThrownBy(() -> rule.apply(LEAKY).check(LEAKY_CLASSES))
                .isInstanceOf(AssertionError.class)
                .message().contains(violations);
    }
}

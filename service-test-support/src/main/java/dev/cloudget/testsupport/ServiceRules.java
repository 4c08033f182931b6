package dev.cloudget.testsupport;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The shape every cloudget service keeps, as one bundle a service's {@code ArchitectureTest} applies with
 * {@code @ArchTest static final ArchTests service = ArchTests.in(ServiceRules.class);}: features
 * ({@code dev.cloudget.<service>.<feature>}) talk to each other through their application services, never through each
 * other's {@code persistence}, {@code web} or {@code messaging} adapters, and a service shares code with other
 * services only through {@code contracts} and {@code platform}. Each rule finds the service and feature of a class
 * from its own package (see {@link ServiceArchitecture}), so the bundle needs no parameter.
 *
 * <p>Rules that select a part of a service which a small service may lack (features to form cycles, adapters,
 * persistence) allow selecting nothing, since one bundle serves every service.
 */
public final class ServiceRules {

    /** The rules of {@link Core}; the two below complete them to every rule. */
    @ArchTest
    public static final ArchTests core = ArchTests.in(Core.class);

    /** A feature's {@code web} package (controllers and their request/response types) is used by nobody else. */
    @ArchTest
    public static final ArchRule webAdaptersAreUsedByNobodyElse =
            ServiceArchitecture.adaptersAreUsedOnlyByTheirOwnFeature("web");

    /** Only {@code persistence} packages use JDBC: SQL stays out of the application services and adapters. */
    @ArchTest
    public static final ArchRule onlyPersistenceTouchesTheDatabase = noClasses().that(ServiceArchitecture.SERVICE_CODE)
            .and().resideOutsideOfPackage("dev.cloudget.*..persistence..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..");

    private ServiceRules() {
    }

    /**
     * The rules every service keeps, even one whose features share their {@code web} representations or whose JDBC
     * helpers live outside {@code persistence} (task-management applies this bundle instead of {@link ServiceRules}).
     */
    public static final class Core {

        /** A feature's {@code persistence} package is used by that feature alone (not by others, nor by the base package). */
        @ArchTest
        public static final ArchRule persistenceIsUsedOnlyByItsOwnFeature =
                ServiceArchitecture.adaptersAreUsedOnlyByTheirOwnFeature("persistence");

        /** A feature's {@code messaging} package (listeners and publishers) is used by nobody else. */
        @ArchTest
        public static final ArchRule messagingAdaptersAreUsedByNobodyElse =
                ServiceArchitecture.adaptersAreUsedOnlyByTheirOwnFeature("messaging");

        /** The features of a service depend on each other without cycles. */
        @ArchTest
        public static final ArchRule featuresAreFreeOfCycles =
                slices().matching("dev.cloudget.(*).(*)..").should().beFreeOfCycles().allowEmptyShould(true);

        /** No class of a service depends on another service's packages (or on the download client). */
        @ArchTest
        public static final ArchRule dependsOnNoOtherService =
                ServiceArchitecture.dependsOnNoOtherService(ServiceArchitecture.SERVICE_PACKAGES);

        /** Of all cloudget code, a service uses only its own, {@code contracts} and {@code platform}. */
        @ArchTest
        public static final ArchRule usesNoCloudgetCodeButContractsAndPlatform =
                ServiceArchitecture.usesNoCloudgetCodeButItsServiceContractsAndPlatform();

        /** Web and messaging adapters go through their feature's application service, never straight to persistence. */
        @ArchTest
        public static final ArchRule adaptersGoThroughTheFeaturesServices = noClasses()
                .that(ServiceArchitecture.SERVICE_CODE)
                .and().resideInAnyPackage("dev.cloudget.*..web..", "dev.cloudget.*..messaging..")
                .should().dependOnClassesThat().resideInAPackage("..persistence..")
                .allowEmptyShould(true);

        /** Persistence knows nothing of the web or messaging adapters. */
        @ArchTest
        public static final ArchRule persistenceKnowsNoAdapters = noClasses()
                .that(ServiceArchitecture.SERVICE_CODE)
                .and().resideInAPackage("dev.cloudget.*..persistence..")
                .should().dependOnClassesThat().resideInAnyPackage("..web..", "..messaging..")
                .allowEmptyShould(true);

        private Core() {
        }
    }
}

package dev.cloudget.tasks;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.cloudget.testsupport.ServiceArchitecture;

/** The shape every service keeps (see {@link ServiceArchitecture}). */
@AnalyzeClasses(packages = ArchitectureTest.SERVICE, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String SERVICE = "dev.cloudget.tasks";

    @ArchTest
    static final ArchRule persistenceIsUsedOnlyByItsOwnFeature =
            ServiceArchitecture.persistenceIsUsedOnlyByItsOwnFeature(SERVICE);

    @ArchTest
    static final ArchRule messagingAdaptersAreUsedByNobodyElse =
            ServiceArchitecture.messagingAdaptersAreUsedByNobodyElse(SERVICE);

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = ServiceArchitecture.featuresAreFreeOfCycles(SERVICE);

    @ArchTest
    static final ArchRule dependsOnNoOtherService = ServiceArchitecture.dependsOnNoOtherService(SERVICE);

    @ArchTest
    static final ArchRule usesNoCloudgetCodeButContractsAndPlatform =
            ServiceArchitecture.usesNoCloudgetCodeButContractsAndPlatform(SERVICE);

    @ArchTest
    static final ArchRule adaptersGoThroughTheFeaturesServices =
            ServiceArchitecture.adaptersGoThroughTheFeaturesServices(SERVICE);

    @ArchTest
    static final ArchRule persistenceKnowsNoAdapters = ServiceArchitecture.persistenceKnowsNoAdapters(SERVICE);

    // Not applied here, as the service is shaped today:
    // - webAdaptersAreUsedByNobodyElse: submit.web answers with task.web.TaskJson, the task representation
    //   every endpoint shares;
    // - onlyPersistenceTouchesTheDatabase: the jdbc package (per-source-key advisory lock, SQL value helpers)
    //   is JDBC by design and shared by the features' persistence.
}

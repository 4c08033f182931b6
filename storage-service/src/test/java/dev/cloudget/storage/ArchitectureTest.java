package dev.cloudget.storage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.cloudget.testsupport.ServiceArchitecture;

/** The shape every service keeps (see {@link ServiceArchitecture}). */
@AnalyzeClasses(packages = ArchitectureTest.SERVICE, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    static final String SERVICE = "dev.cloudget.storage";

    @ArchTest
    static final ArchRule persistenceIsUsedOnlyByItsOwnFeature =
            ServiceArchitecture.persistenceIsUsedOnlyByItsOwnFeature(SERVICE);

    @ArchTest
    static final ArchRule webAdaptersAreUsedByNobodyElse = ServiceArchitecture.webAdaptersAreUsedByNobodyElse(SERVICE);

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

    @ArchTest
    static final ArchRule onlyPersistenceTouchesTheDatabase =
            ServiceArchitecture.onlyPersistenceTouchesTheDatabase(SERVICE);
}

package dev.cloudget.links;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.cloudget.testsupport.ServiceRules;

/** The shape every service keeps (see {@link ServiceRules}). */
@AnalyzeClasses(packages = "dev.cloudget.links", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests service = ArchTests.in(ServiceRules.class);
}

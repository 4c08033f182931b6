package dev.cloudget.tasks;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import dev.cloudget.testsupport.ServiceRules;

/**
 * The shape every service keeps (see {@link ServiceRules}), but for two rules not applied here, as the service is
 * shaped today:
 * <ul>
 *   <li>{@link ServiceRules#webAdaptersAreUsedByNobodyElse}: submit.web answers with task.web.TaskJson, the task
 *       representation every endpoint shares;</li>
 *   <li>{@link ServiceRules#onlyPersistenceTouchesTheDatabase}: the jdbc package (per-source-key advisory lock, SQL
 *       value helpers) is JDBC by design and shared by the features' persistence.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "dev.cloudget.tasks", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests service = ArchTests.in(ServiceRules.Core.class);
}

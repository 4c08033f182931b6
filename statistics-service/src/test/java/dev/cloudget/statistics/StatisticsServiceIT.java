package dev.cloudget.statistics;

import dev.cloudget.infra.Databases;
import dev.cloudget.testsupport.ServiceBootChecks;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;

/** The service boots on its own port against a real PostgreSQL database it migrated itself. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StatisticsServiceIT extends ServiceBootChecks {

    // computed once: the property supplier may be asked more than once, and each ensure(…, true) drops the database
    private static final String DATABASE = Databases.ensure("cloudget_it_statistics", true);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE);
    }

    @Override
    protected List<String> expectedTables() {
        return List.of("download_reports");
    }

    @Override
    protected List<String> expectedMigrations() {
        return List.of("1");
    }

    @Override
    protected String apiPath() {
        return "/api/v1/stats/downloads";
    }
}

package dev.cloudget.seeds;

import dev.cloudget.infra.Databases;
import dev.cloudget.testsupport.ServiceBootChecks;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;

/** The service boots on its own port against a real PostgreSQL database it migrated itself. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SeedParserServiceIT extends ServiceBootChecks {

    // computed once: the property supplier may be asked more than once, and each ensure(…, true) drops the database
    private static final String DATABASE = Databases.ensure("cloudget_it_seeds", true);

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> DATABASE);
    }

    @Override
    protected List<String> expectedTables() {
        return List.of("torrents", "torrent_files");
    }

    @Override
    protected List<String> expectedMigrations() {
        return List.of("1");
    }

    @Override
    protected String apiPath() {
        return "/api/v1/torrents/0123456789abcdef0123456789abcdef01234567";
    }
}

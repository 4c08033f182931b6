package dev.cloudget.seeds;

import dev.cloudget.testsupport.ServiceBootChecks;

import java.util.List;

/** The service boots on its own port against a real PostgreSQL database it migrated itself. */
@SeedsServiceTest
class SeedParserServiceIT extends ServiceBootChecks {

    @Override
    protected List<String> expectedTables() {
        return List.of("torrents", "torrent_files", "outbox");
    }

    @Override
    protected List<String> expectedMigrations() {
        return List.of("1", "2", "3");
    }

    @Override
    protected String apiPath() {
        return "/api/v1/torrents/0b0c8e8e-6f1d-4d43-9a57-3c1f0e6d2a11";
    }
}

package dev.cloudget.statistics;

import dev.cloudget.testsupport.ServiceBootChecks;

import java.util.List;

/** The service boots on its own port against a real PostgreSQL database it migrated itself. */
@StatisticsIT
class StatisticsServiceIT extends ServiceBootChecks {

    @Override
    protected List<String> expectedTables() {
        return List.of("download_reports", "settled_tasks", "job_outcomes");
    }

    @Override
    protected List<String> expectedMigrations() {
        return List.of("1", "2");
    }

    @Override
    protected String apiPath() {
        return "/api/v1/stats/summary";
    }
}

package dev.cloudget.statistics.farm.persistence;

import dev.cloudget.statistics.Period;
import dev.cloudget.statistics.farm.JobOutcome;
import dev.cloudget.statistics.farm.WorkerFigures;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SortedMap;
import java.util.TreeMap;

/** The {@code job_outcomes} table: how each job ended, keyed by its id. */
@Repository
public class JobOutcomeRepository {

    private final JdbcClient jdbc;

    JobOutcomeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the outcome unless the job's is stored already. */
    public void insertOnce(JobOutcome outcome) {
        jdbc.sql("""
                        INSERT INTO job_outcomes (job_id, worker, outcome, bytes, failure_type, ended_at)
                        VALUES (:job, :worker, :outcome, :bytes, :failureType, :endedAt)
                        ON CONFLICT (job_id) DO NOTHING""")
                .param("job", outcome.job().value())
                .param("worker", outcome.worker())
                .param("outcome", outcome.completed() ? "COMPLETED" : "FAILED")
                .param("bytes", outcome.bytes())
                .param("failureType", outcome.failureType())
                .param("endedAt", utc(outcome.endedAt()))
                .update();
    }

    public SortedMap<String, WorkerFigures> byWorker(Period period) {
        SortedMap<String, WorkerFigures> workers = new TreeMap<>();
        jdbc.sql("""
                        SELECT worker, count(*) AS jobs,
                               count(*) FILTER (WHERE outcome = 'COMPLETED') AS completed,
                               count(*) FILTER (WHERE outcome = 'FAILED') AS failed,
                               coalesce(sum(bytes), 0) AS bytes
                        FROM job_outcomes
                        WHERE ended_at >= :from AND ended_at < :to
                        GROUP BY worker""")
                .param("from", utc(period.from()))
                .param("to", utc(period.to()))
                .query((ResultSet row) -> {
                    workers.put(row.getString("worker"), new WorkerFigures(row.getLong("jobs"),
                            row.getLong("completed"), row.getLong("failed"), row.getLong("bytes")));
                });
        return workers;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

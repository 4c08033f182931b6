package dev.cloudget.distribution.jobs.persistence;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.distribution.jobs.Assignment;
import dev.cloudget.distribution.jobs.WaitingJob;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code jobs} table. */
@Repository
public class JobRepository {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JobRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** @return whether the job is new */
    public boolean insertWaiting(JobId job, SourceKey sourceKey, Source source, Instant requestedAt) {
        return jdbc.sql("""
                        INSERT INTO jobs (job_id, source_key, source, status, requested_at)
                        VALUES (:job, :sourceKey, CAST(:source AS jsonb), 'WAITING', :requestedAt)
                        ON CONFLICT (job_id) DO NOTHING""")
                .param("job", job.value())
                .param("sourceKey", sourceKey.value())
                .param("source", json.writerFor(Source.class).writeValueAsString(source))
                .param("requestedAt", utc(requestedAt))
                .update() == 1;
    }

    public void markDone(JobId job) {
        jdbc.sql("UPDATE jobs SET status = 'DONE', lease_until = NULL WHERE job_id = :job AND status <> 'DONE'")
                .param("job", job.value())
                .update();
    }

    /**
     * Ends a job that still waits; a job never seen gets a DONE row without a source (a tombstone), so
     * that its request, arriving late, is ignored by {@link #insertWaiting}.
     */
    public void markDoneIfWaitingOrUnknown(JobId job, Instant at) {
        jdbc.sql("""
                        INSERT INTO jobs (job_id, status, requested_at) VALUES (:job, 'DONE', :at)
                        ON CONFLICT (job_id) DO UPDATE SET status = 'DONE' WHERE jobs.status = 'WAITING'""")
                .param("job", job.value())
                .param("at", utc(at))
                .update();
    }

    public List<JobId> waiting(int limit) {
        return jdbc.sql("SELECT job_id FROM jobs WHERE status = 'WAITING' ORDER BY requested_at LIMIT :limit")
                .param("limit", limit)
                .query((row, n) -> new JobId(row.getObject("job_id", UUID.class)))
                .list();
    }

    public int waitingCount() {
        return jdbc.sql("SELECT count(*) FROM jobs WHERE status = 'WAITING'").query(Integer.class).single();
    }

    /** SKIP LOCKED: a job another dispatcher replica is assigning right now is simply not seen. */
    public Optional<WaitingJob> lockIfWaiting(JobId job) {
        return jdbc.sql("""
                        SELECT job_id, source_key, source::text AS source, lease_epoch FROM jobs
                        WHERE job_id = :job AND status = 'WAITING'
                        FOR UPDATE SKIP LOCKED""")
                .param("job", job.value())
                .query((row, n) -> new WaitingJob(new JobId(row.getObject("job_id", UUID.class)),
                        new SourceKey(row.getString("source_key")),
                        json.readValue(row.getString("source"), Source.class),
                        row.getLong("lease_epoch")))
                .optional();
    }

    /** @return whether the job still waited and is now leased */
    public boolean markAssigned(JobId job, String workerId, LeaseEpoch epoch, Instant at, Instant leaseUntil) {
        return jdbc.sql("""
                        UPDATE jobs SET status = 'ASSIGNED', worker_id = :worker, lease_epoch = :epoch,
                            assigned_at = :at, lease_until = :leaseUntil
                        WHERE job_id = :job AND status = 'WAITING'""")
                .param("job", job.value())
                .param("worker", workerId)
                .param("epoch", epoch.value())
                .param("at", utc(at))
                .param("leaseUntil", utc(leaseUntil))
                .update() == 1;
    }

    /**
     * Puts a lease the worker refused back to WAITING. The epoch stays, so the next lease is higher still;
     * a job finished or re-leased in the meantime is left alone.
     */
    public boolean release(JobId job, LeaseEpoch epoch) {
        return jdbc.sql("""
                        UPDATE jobs SET status = 'WAITING', worker_id = NULL, assigned_at = NULL, lease_until = NULL
                        WHERE job_id = :job AND status = 'ASSIGNED' AND lease_epoch = :epoch""")
                .param("job", job.value())
                .param("epoch", epoch.value())
                .update() == 1;
    }

    public List<Assignment> assignments(Optional<Instant> since) {
        String select = "SELECT job_id, source_key, worker_id, lease_epoch, assigned_at, lease_until FROM jobs"
                + " WHERE status = 'ASSIGNED'";
        JdbcClient.StatementSpec statement = since.isEmpty()
                ? jdbc.sql(select + " ORDER BY assigned_at")
                : jdbc.sql(select + " AND assigned_at > :since ORDER BY assigned_at").param("since", utc(since.get()));
        return statement
                .query((row, n) -> new Assignment(new JobId(row.getObject("job_id", UUID.class)),
                        new SourceKey(row.getString("source_key")),
                        row.getString("worker_id"),
                        new LeaseEpoch(row.getLong("lease_epoch")),
                        row.getObject("assigned_at", OffsetDateTime.class).toInstant(),
                        row.getObject("lease_until", OffsetDateTime.class).toInstant()))
                .list();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

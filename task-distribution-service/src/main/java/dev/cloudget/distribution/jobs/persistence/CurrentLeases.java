package dev.cloudget.distribution.jobs.persistence;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.worker.CurrentLease;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.util.Optional;

/** Reads of the {@code jobs} table about a job's current lease: whether a worker's lease is still it. */
@Repository
public class CurrentLeases {

    private final JdbcClient jdbc;

    CurrentLeases(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The job's current lease epoch and state; empty for a job never seen. */
    public Optional<CurrentLease> current(JobId job) {
        return jdbc.sql("SELECT lease_epoch, status FROM jobs WHERE job_id = :job")
                .param("job", job.value())
                .query((row, n) -> new CurrentLease(job, row.getLong("lease_epoch"),
                        row.getString("status")))
                .optional();
    }

    /** Whether {@code worker} holds the job's current lease {@code epoch} and the job runs. */
    public boolean holds(JobId job, LeaseEpoch epoch, String worker) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM jobs WHERE job_id = :job AND status = 'ASSIGNED'
                            AND lease_epoch = :epoch AND worker_id = :worker)""")
                .param("job", job.value())
                .param("epoch", epoch.value())
                .param("worker", worker)
                .query(Boolean.class)
                .single();
    }
}

package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;

import java.time.Instant;

/**
 * The job cannot succeed: {@code type} says why, {@code detail} says what the origin said; {@code epoch} is the lease
 * the worker ran it under (task-distribution passes the failure on only for the job's current lease).
 */
public record JobFailed(JobId job, String workerId, FailureType type, String detail, Instant failedAt,
        LeaseEpoch epoch) {

    public JobFailed(JobId job, String workerId, FailureType type, String detail, Instant failedAt) {
        this(job, workerId, type, detail, failedAt, null);
    }
}

package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;

import java.time.Instant;

/**
 * A lease is over before its job finished. From task-distribution ({@link dev.cloudget.contracts.Topics#LEASE_REVOKED}):
 * the worker stopped renewing it and the job moves on, so a worker still running it under {@code epoch} stops. From a
 * worker ({@link dev.cloudget.contracts.Topics#LEASE_RETURNED}): it is shutting down and gives the job back, to be
 * placed elsewhere at once instead of after the lease's deadline.
 */
public record LeaseEnded(JobId job, LeaseEpoch epoch, String workerId, Instant at) {
}

package dev.cloudget.distribution.jobs;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.source.SourceKey;

import java.time.Instant;

/** A job currently leased to a worker; {@code confirmedAt} is null until the worker has answered 202. */
public record Assignment(JobId job, SourceKey sourceKey, String workerId, LeaseEpoch epoch, Instant assignedAt,
        Instant leaseUntil, Instant confirmedAt) {
}

package dev.cloudget.distribution.jobs;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.worker.JobCheckpoint;

import java.time.Instant;

/**
 * A job waiting for a worker, locked for assignment; {@code lastEpoch} is 0 before its first lease; {@code checkpoint}
 * is what an earlier lease left stored (null when nothing); {@code requestedAt} when it was first asked for;
 * {@code traceparent} the trace of its request (null when none), which its assignment continues.
 */
public record WaitingJob(JobId job, SourceKey sourceKey, Source source, long lastEpoch, JobCheckpoint checkpoint,
        Instant requestedAt, String traceparent) {

    /** The fencing token of the next lease: higher than every earlier one. */
    public LeaseEpoch nextEpoch() {
        return new LeaseEpoch(lastEpoch + 1);
    }
}

package dev.cloudget.distribution.jobs;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.worker.AssignJob;
import dev.cloudget.contracts.worker.JobCheckpoint;

import java.time.Instant;

/**
 * A lease whose worker has not confirmed it: its offer is under way, or went unanswered (timeout, 5xx).
 * {@code offeredAt} is when the latest offer started or ended without an answer; {@code checkpoint} is what an earlier
 * lease left stored, as the offer carried it.
 */
public record UnconfirmedLease(JobId job, SourceKey sourceKey, Source source, String workerId, LeaseEpoch epoch,
        Instant offeredAt, JobCheckpoint checkpoint) {

    /** The very offer first made for this lease, epoch included. */
    public AssignJob offer() {
        return new AssignJob(job, sourceKey, source, epoch, checkpoint);
    }
}

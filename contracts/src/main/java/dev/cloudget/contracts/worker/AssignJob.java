package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;

/**
 * Task-distribution → worker ({@code POST /internal/jobs} at the worker's registered address): fetch
 * this source under lease {@code epoch}. 202 accepted, 409 when the worker has no room ({@code worker-full}) or runs
 * no engine the source can be fetched with ({@code engine-unavailable}, {@link EngineNeeds}). {@code resumeFrom} is the
 * latest checkpoint an earlier lease of the job left (null when none): what is already stored, to carry on from.
 */
public record AssignJob(JobId job, SourceKey sourceKey, Source source, LeaseEpoch epoch, JobCheckpoint resumeFrom) {

    public AssignJob(JobId job, SourceKey sourceKey, Source source, LeaseEpoch epoch) {
        this(job, sourceKey, source, epoch, null);
    }
}

package dev.cloudget.tasks.job;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.SourceKey;

import java.time.Instant;

/**
 * The cloud's one fetch of a source key, and how far it got. {@code bytesTotal} is -1 while unknown;
 * {@code finishedAt} is null until the job completed, failed or was cancelled.
 */
public record Job(
        JobId id,
        SourceKey sourceKey,
        JobStatus status,
        long bytesDone,
        long bytesTotal,
        long bytesPerSecond,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt) {
}

package dev.cloudget.tasks.job;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.SourceKey;

import java.time.Instant;

/** The cloud's one fetch of a source key, and how far it got. {@code bytesTotal} is -1 while unknown. */
public record Job(
        JobId id,
        SourceKey sourceKey,
        JobStatus status,
        long bytesDone,
        long bytesTotal,
        long bytesPerSecond,
        Instant createdAt,
        Instant updatedAt) {
}

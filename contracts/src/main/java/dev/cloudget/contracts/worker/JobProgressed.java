package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;

import java.time.Instant;

/** Throttled progress of a job. {@code bytesTotal} is -1 while unknown. */
public record JobProgressed(
        JobId job,
        String workerId,
        long bytesDone,
        long bytesTotal,
        long bytesPerSecond,
        Instant at) {
}

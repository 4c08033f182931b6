package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;

import java.time.Instant;

/**
 * Throttled progress of a job. {@code bytesTotal} is -1 while unknown. {@code peers} and {@code seeds} are the
 * swarm the worker is connected to (peers that have every piece count as seeds), null for other sources.
 */
public record JobProgressed(
        JobId job,
        String workerId,
        long bytesDone,
        long bytesTotal,
        long bytesPerSecond,
        Instant at,
        Integer peers,
        Integer seeds) {

    public JobProgressed(JobId job, String workerId, long bytesDone, long bytesTotal, long bytesPerSecond,
            Instant at) {
        this(job, workerId, bytesDone, bytesTotal, bytesPerSecond, at, null, null);
    }
}

package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;

import java.time.Instant;

/**
 * Throttled progress of a job, under lease {@code epoch}: the worker publishes it to distribution, which passes on
 * to task-management only the progress of the job's current lease. {@code bytesTotal} is -1 while unknown.
 * {@code peers} and {@code seeds} are the swarm the worker is connected to (peers that have every piece count as
 * seeds), null for other sources; {@code sources} is how many URLs a download spreads over (null when not told).
 */
public record JobProgressed(
        JobId job,
        String workerId,
        long bytesDone,
        long bytesTotal,
        long bytesPerSecond,
        Instant at,
        Integer peers,
        Integer seeds,
        LeaseEpoch epoch,
        JobPhase phase,
        Integer sources) {

    public JobProgressed(JobId job, String workerId, long bytesDone, long bytesTotal, long bytesPerSecond,
            Instant at) {
        this(job, workerId, bytesDone, bytesTotal, bytesPerSecond, at, null, null);
    }

    public JobProgressed(JobId job, String workerId, long bytesDone, long bytesTotal, long bytesPerSecond, Instant at,
            Integer peers, Integer seeds) {
        this(job, workerId, bytesDone, bytesTotal, bytesPerSecond, at, peers, seeds, null, JobPhase.DOWNLOADING, null);
    }
}

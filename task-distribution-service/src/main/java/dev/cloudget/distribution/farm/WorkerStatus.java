package dev.cloudget.distribution.farm;

import dev.cloudget.contracts.worker.Engine;

import java.net.URI;
import java.time.Instant;
import java.util.Set;

/**
 * A worker as its latest heartbeat described it.
 *
 * @param bytesPerSecond what its downloads fetched per second over its last heartbeat interval, all jobs together
 * @param engines        the engines it runs
 */
public record WorkerStatus(String id, URI address, long freeDiskBytes, double cpuLoad, int activeJobs, int capacity,
        long bytesPerSecond, Set<Engine> engines, Instant lastSeenAt) {

    public WorkerStatus {
        engines = Engine.setOf(engines);
    }
}

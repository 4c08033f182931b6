package dev.cloudget.distribution.farm;

import java.net.URI;
import java.time.Instant;

/** A worker as its latest heartbeat described it. */
public record WorkerStatus(String id, URI address, long freeDiskBytes, double cpuLoad, int activeJobs, int capacity,
        Instant lastSeenAt) {
}

package dev.cloudget.contracts.worker;

import java.net.URI;
import java.time.Instant;

/**
 * A worker's periodic "I am alive, and this loaded". {@code address} is where task-distribution
 * hands it jobs over REST.
 */
public record WorkerHeartbeat(
        String workerId,
        URI address,
        long freeDiskBytes,
        double cpuLoad,
        int activeJobs,
        int capacity,
        Instant sentAt) {
}

package dev.cloudget.contracts.worker;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A worker's periodic "I am alive, and this loaded". {@code address} is where task-distribution
 * hands it jobs over REST; {@code jobs} are the leases of the jobs it runs, which each heartbeat renews.
 */
public record WorkerHeartbeat(
        String workerId,
        URI address,
        long freeDiskBytes,
        double cpuLoad,
        int activeJobs,
        int capacity,
        Instant sentAt,
        List<JobLease> jobs) {

    public WorkerHeartbeat {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
    }

    public WorkerHeartbeat(String workerId, URI address, long freeDiskBytes, double cpuLoad, int activeJobs,
            int capacity, Instant sentAt) {
        this(workerId, address, freeDiskBytes, cpuLoad, activeJobs, capacity, sentAt, List.of());
    }
}

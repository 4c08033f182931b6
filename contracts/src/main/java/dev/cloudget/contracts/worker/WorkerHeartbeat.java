package dev.cloudget.contracts.worker;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A worker's periodic "I am alive, and this loaded". {@code address} is where task-distribution
 * hands it jobs over REST; {@code jobs} are the leases of the jobs it runs, which each heartbeat renews.
 * <p>
 * {@code bytesPerSecond} is what its downloads fetched per second, all jobs together, since its previous heartbeat;
 * {@code engines} are the engines it runs. A heartbeat from a worker that predates either says 0 and every engine
 * (absent from the JSON, or null), which is what such a worker did. The services' JSON mapper refuses a missing or
 * null primitive by default, hence the explicit 0 for an absent {@code bytesPerSecond}.
 */
public record WorkerHeartbeat(
        String workerId,
        URI address,
        long freeDiskBytes,
        double cpuLoad,
        int activeJobs,
        int capacity,
        Instant sentAt,
        List<JobLease> jobs,
        @JsonSetter(nulls = Nulls.AS_EMPTY) long bytesPerSecond,
        Set<Engine> engines) {

    public WorkerHeartbeat {
        jobs = jobs == null ? List.of() : List.copyOf(jobs);
        engines = Engine.setOf(engines);
    }

    /** A worker that runs every engine and whose downloads' throughput is not told. */
    public WorkerHeartbeat(String workerId, URI address, long freeDiskBytes, double cpuLoad, int activeJobs,
            int capacity, Instant sentAt, List<JobLease> jobs) {
        this(workerId, address, freeDiskBytes, cpuLoad, activeJobs, capacity, sentAt, jobs, 0, null);
    }

    public WorkerHeartbeat(String workerId, URI address, long freeDiskBytes, double cpuLoad, int activeJobs,
            int capacity, Instant sentAt) {
        this(workerId, address, freeDiskBytes, cpuLoad, activeJobs, capacity, sentAt, List.of());
    }
}

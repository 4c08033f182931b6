package dev.cloudget.distribution.farm.web;

import dev.cloudget.contracts.worker.Engine;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The farm for operators: every known worker with its load (slots, CPU, scratch disk, bytes its downloads fetched per
 * second over its last heartbeat interval), the engines it runs, and its current leases.
 */
record FarmView(int waitingJobs, List<WorkerView> workers) {

    record WorkerView(String id, URI address, boolean live, Instant lastSeenAt, int activeJobs, int capacity,
            double cpuLoad, long freeDiskBytes, long bytesPerSecond, Set<Engine> engines, List<LeaseView> jobs) {
    }

    /** {@code confirmedAt} is null while the worker has not answered the offer (it is being re-sent). */
    record LeaseView(String job, String sourceKey, long epoch, Instant assignedAt, Instant leaseUntil,
            Instant confirmedAt) {
    }
}

package dev.cloudget.distribution.farm.web;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/** The farm for operators: every known worker with its load and its current leases. */
record FarmView(int waitingJobs, List<WorkerView> workers) {

    record WorkerView(String id, URI address, boolean live, Instant lastSeenAt, int activeJobs, int capacity,
            double cpuLoad, long freeDiskBytes, List<LeaseView> jobs) {
    }

    /** {@code confirmedAt} is null while the worker has not answered the offer (it is being re-sent). */
    record LeaseView(String job, String sourceKey, long epoch, Instant assignedAt, Instant leaseUntil,
            Instant confirmedAt) {
    }
}

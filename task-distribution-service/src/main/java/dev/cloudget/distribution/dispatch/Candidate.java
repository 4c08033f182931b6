package dev.cloudget.distribution.dispatch;

import java.net.URI;

/**
 * A live worker as the dispatcher sees it: its heartbeat's load plus the jobs handed to it since that
 * heartbeat, which the worker could not have counted yet.
 */
record Candidate(String id, URI address, long freeDiskBytes, double cpuLoad, int activeJobs, int capacity) {

    boolean hasRoom() {
        return activeJobs < capacity;
    }

    double utilisation() {
        return capacity == 0 ? 1.0 : (double) activeJobs / capacity;
    }

    Candidate withOneMoreJob() {
        return new Candidate(id, address, freeDiskBytes, cpuLoad, activeJobs + 1, capacity);
    }
}

package dev.cloudget.distribution.dispatch;

import java.net.URI;
import java.util.OptionalLong;

/**
 * A live worker as the dispatcher sees it: its heartbeat's load plus the jobs handed to it since that
 * heartbeat, which the worker could not have counted yet.
 */
record Candidate(String id, URI address, long freeDiskBytes, double cpuLoad, int activeJobs, int capacity) {

    boolean hasRoom() {
        return activeJobs < capacity;
    }

    /** Whether its free scratch disk holds a job of {@code size} bytes; a job of unknown size fits anywhere. */
    boolean fits(OptionalLong size) {
        return size.isEmpty() || size.getAsLong() <= freeDiskBytes;
    }

    /** The share of its slots still free: 1 when it runs nothing, 0 when full (or advertising no capacity). */
    double freeSlotShare() {
        return capacity <= 0 ? 0 : Math.max(0, (double) (capacity - activeJobs) / capacity);
    }

    /** As it is once it runs one more job, of {@code size} bytes when known: a slot and that much disk fewer. */
    Candidate withJob(OptionalLong size) {
        return new Candidate(id, address, freeDiskBytes - size.orElse(0), cpuLoad, activeJobs + 1, capacity);
    }
}

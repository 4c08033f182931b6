package dev.cloudget.distribution.dispatch;

import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.contracts.worker.EngineNeeds;

import java.net.URI;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A live worker as the dispatcher sees it: its heartbeat's load plus the jobs handed to it since that
 * heartbeat, which the worker could not have counted yet.
 *
 * @param bytesPerSecond what its downloads fetched per second over its last heartbeat interval
 * @param engines        the engines it runs
 */
record Candidate(String id, URI address, long freeDiskBytes, double cpuLoad, int activeJobs, int capacity,
        long bytesPerSecond, Set<Engine> engines) {

    boolean hasRoom() {
        return activeJobs < capacity;
    }

    /** Whether its free scratch disk holds a job of {@code size} bytes; a job of unknown size fits anywhere. */
    boolean fits(OptionalLong size) {
        return size.isEmpty() || size.getAsLong() <= freeDiskBytes;
    }

    /** Whether it runs an engine for every file of a job that {@code needs} these. */
    boolean runs(EngineNeeds needs) {
        return needs.metBy(engines);
    }

    /** What it fetched per second over its last heartbeat interval, per slot it offers (all of it when it offers none). */
    double bytesPerSecondPerSlot() {
        return capacity <= 0 ? bytesPerSecond : (double) bytesPerSecond / capacity;
    }

    /** The share of its slots still free: 1 when it runs nothing, 0 when full (or advertising no capacity). */
    double freeSlotShare() {
        return capacity <= 0 ? 0 : Math.max(0, (double) (capacity - activeJobs) / capacity);
    }

    /**
     * As it is once it runs one more job, of {@code size} bytes when known: a slot and that much disk fewer. Its
     * throughput stays as measured: a job handed out has fetched nothing yet.
     */
    Candidate withJob(OptionalLong size) {
        return new Candidate(id, address, freeDiskBytes - size.orElse(0), cpuLoad, activeJobs + 1, capacity,
                bytesPerSecond, engines);
    }
}

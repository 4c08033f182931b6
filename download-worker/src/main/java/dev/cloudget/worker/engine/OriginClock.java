package dev.cloudget.worker.engine;

/**
 * The time a transfer has spent waiting on the origin: blocked in a read of its body or awaiting its
 * answer. The throughput floor runs on this clock rather than the wall clock, because the sink may spend
 * long stretches not reading at all (the S3 client uploads each part synchronously): slow storage must not
 * make a healthy origin look like a trickle. Written by the fetching thread, read by the watchdog.
 */
final class OriginClock {

    private long spentNanos;
    private long blockedSince;
    private boolean blocked;

    /** The fetching thread starts waiting on the origin at {@code nanos}. */
    synchronized void blocked(long nanos) {
        if (!blocked) {
            blocked = true;
            blockedSince = nanos;
        }
    }

    /** The origin answered (or failed) at {@code nanos}. */
    synchronized void unblocked(long nanos) {
        if (blocked) {
            blocked = false;
            spentNanos += nanos - blockedSince;
        }
    }

    /** Time spent waiting on the origin up to {@code nanos}, a wait still under way included. */
    synchronized long elapsed(long nanos) {
        return blocked ? spentNanos + (nanos - blockedSince) : spentNanos;
    }
}

package dev.cloudget.worker.engine;

/**
 * Tells whether a transfer has received nothing for the stall timeout, counted in time spent waiting on its origin
 * ({@link OriginClock}). Asked on a regular tick. A check that comes much later than its tick means the worker itself
 * stood still (paused, suspended, a long collection): the origin was not being waited on meanwhile, whatever the
 * clocks say, so the count starts over rather than blame it for the worker's absence.
 */
final class StallWatch {

    /** Ticks a check may come late before the worker is taken to have stood still. */
    private static final int LATE_TICKS = 4;

    private final long stallNanos;
    private final long tickNanos;
    private long lastCheck;
    private long lastBytes;
    /** Time spent waiting on the origin when the last byte arrived (or when the count started over). */
    private long lastByteAt;

    StallWatch(long stallNanos, long tickNanos, long startNanos) {
        this.stallNanos = stallNanos;
        this.tickNanos = tickNanos;
        this.lastCheck = startNanos;
    }

    /**
     * @param nanos  now, on the wall's monotonic clock
     * @param waited time spent waiting on the origin so far
     * @param bytes  bytes received so far
     * @return whether nothing arrived for the stall timeout of waiting
     */
    synchronized boolean stalled(long nanos, long waited, long bytes) {
        boolean stoodStill = nanos - lastCheck > LATE_TICKS * tickNanos;
        lastCheck = nanos;
        if (bytes != lastBytes || stoodStill) {
            lastBytes = bytes;
            lastByteAt = waited;
            return false;
        }
        return waited - lastByteAt >= stallNanos;
    }
}

package dev.cloudget.worker.engine;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Tells whether a transfer keeps up a minimum rate, averaged over a sliding window. Fed with samples
 * (time, bytes so far); it keeps only the samples of the last window, so its memory is bounded by the
 * sampling rate, not by the length of the transfer.
 */
final class ThroughputFloor {

    private record Sample(long nanos, long bytes) {
    }

    private final long minBytesPerSecond;
    private final long windowNanos;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private long lastBytesPerSecond = -1;

    ThroughputFloor(long minBytesPerSecond, long windowNanos, long startNanos) {
        this.minBytesPerSecond = minBytesPerSecond;
        this.windowNanos = windowNanos;
        samples.add(new Sample(startNanos, 0));
    }

    /**
     * Records that {@code bytes} had arrived by {@code nanos}.
     *
     * @return whether the rate since the latest sample at least a window old is below the floor; always
     *         false during the first window
     */
    synchronized boolean tooSlow(long nanos, long bytes) {
        samples.addLast(new Sample(nanos, bytes));
        // the oldest sample kept is the newest one that is at least a window old
        while (samples.size() > 1 && nanos - secondOldest().nanos() >= windowNanos) {
            samples.removeFirst();
        }
        Sample base = samples.getFirst();
        long elapsed = nanos - base.nanos();
        if (elapsed < windowNanos) {
            return false;
        }
        lastBytesPerSecond = (long) ((bytes - base.bytes()) * 1_000_000_000.0 / elapsed);
        return lastBytesPerSecond < minBytesPerSecond;
    }

    /** The rate measured by the last full-window check, or -1 before the first one. */
    synchronized long lastBytesPerSecond() {
        return lastBytesPerSecond;
    }

    private Sample secondOldest() {
        var iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }
}

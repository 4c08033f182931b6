package dev.cloudget.worker.heartbeat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.function.LongSupplier;

/**
 * What this worker's downloads fetched per second since the previous heartbeat, all jobs together: how far the
 * {@code cloudget.download.bytes} counter (bytes received from origins and peers, counted as they are read, by every
 * engine) grew, over the time between the two readings. The counter is looked up rather than shared, so that the
 * heartbeat needs nothing of the jobs but the figure they already publish; it is cumulative, as the worker's registry
 * keeps it.
 */
final class DownloadRate {

    static final String DOWNLOADED_BYTES = "cloudget.download.bytes";

    private final MeterRegistry meters;
    private final LongSupplier nanoTime;
    private double lastBytes;
    private long lastNanos;

    DownloadRate(MeterRegistry meters, LongSupplier nanoTime) {
        this.meters = meters;
        this.nanoTime = nanoTime;
        this.lastBytes = downloaded();
        this.lastNanos = nanoTime.getAsLong();
    }

    /** Bytes per second since the last call (since construction, the first time); 0 when nothing arrived. */
    synchronized long sinceLastReading() {
        double bytes = downloaded();
        long now = nanoTime.getAsLong();
        double fetched = bytes - lastBytes;
        long elapsed = now - lastNanos;
        lastBytes = bytes;
        lastNanos = now;
        if (fetched <= 0 || elapsed <= 0) {
            return 0;
        }
        return (long) (fetched * 1_000_000_000.0 / elapsed);
    }

    /** 0 until the first job registers the counter. */
    private double downloaded() {
        Counter counter = meters.find(DOWNLOADED_BYTES).counter();
        return counter == null ? 0 : counter.count();
    }
}

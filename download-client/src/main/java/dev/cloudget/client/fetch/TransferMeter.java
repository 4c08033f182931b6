package dev.cloudget.client.fetch;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the bytes one run of a download received and how fast: the current speed over the last few seconds (for
 * the progress bar and its ETA) and the peak over any one-second window (for the statistics report). Bytes are added
 * by the connections; {@link #sample} is called by one thread a few times a second.
 */
public final class TransferMeter {

    private static final long SECOND = 1_000_000_000L;
    /** The current speed is measured over this much of the recent past. */
    private static final long SPEED_WINDOW = 3 * SECOND;

    private final AtomicLong transferred = new AtomicLong();
    private final long startedNanos;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private long peak;

    public TransferMeter(long startedNanos) {
        this.startedNanos = startedNanos;
        samples.add(new long[] {startedNanos, 0});
    }

    public void add(long bytes) {
        transferred.addAndGet(bytes);
    }

    public long transferred() {
        return transferred.get();
    }

    /** Records where the transfer stands at {@code now} and answers the current speed in bytes per second. */
    public synchronized long sample(long now) {
        long bytes = transferred.get();
        samples.add(new long[] {now, bytes});
        // the peak: bytes over the shortest stretch of at least a second that ends now
        long[] secondAgo = null;
        for (long[] sample : samples) {
            if (now - sample[0] >= SECOND) {
                secondAgo = sample;
            }
        }
        if (secondAgo != null) {
            peak = Math.max(peak, rate(bytes - secondAgo[1], now - secondAgo[0]));
        }
        while (samples.size() > 2 && now - samples.peekFirst()[0] > SPEED_WINDOW) {
            samples.removeFirst();
        }
        long[] oldest = samples.peekFirst();
        return now > oldest[0] ? rate(bytes - oldest[1], now - oldest[0]) : 0;
    }

    public long averageBytesPerSecond(long now) {
        return rate(transferred.get(), now - startedNanos);
    }

    /** The fastest one-second stretch; a transfer shorter than a second has only its average. */
    public synchronized long peakBytesPerSecond(long now) {
        sample(now);
        return Math.max(peak, now - startedNanos < SECOND ? averageBytesPerSecond(now) : 0);
    }

    public long elapsedMillis(long now) {
        return (now - startedNanos) / 1_000_000;
    }

    private static long rate(long bytes, long nanos) {
        return nanos <= 0 ? 0 : (long) (bytes * (double) SECOND / nanos);
    }
}

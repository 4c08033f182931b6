package dev.cloudget.worker.engine;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A file's body read as one stream first, and over several connections once that proves slow: when, after
 * {@code segmentAfter}, it has arrived slower than {@code slowerThan} bytes per second and at least {@code minimumRest}
 * bytes are left, the {@link Segmenter} carries on from the current position with more connections (this one taking
 * the first segment) and the rest is read, in order, from there. A fast origin thus costs nothing extra — no scratch
 * file, no second connection, as on loopback where sixteen connections only cost CPU — and an origin that throttles
 * each connection is fetched the way aria2 does. The rate is what the reader got, so an origin held back by slow
 * storage is not split either: more connections would not help it.
 */
final class SegmentingStream extends BlockInputStream {

    /** Fetches the rest of the file, from {@code position}, over more connections; null when none can be had. */
    interface Segmenter {
        InputStream continueFrom(InputStream probe, long position) throws IOException;
    }

    private final InputStream probe;
    private final long length;
    private final long minimumRest;
    private final long segmentAfterNanos;
    private final long slowerThan;
    private final Segmenter segmenter;
    private final long from;
    private long started;
    private long position;
    private boolean decided;
    private InputStream ordered;

    /** {@code probe} is the file's body from byte {@code from} on (0, or where a checkpoint left off). */
    SegmentingStream(InputStream probe, long from, long length, long minimumRest, Duration segmentAfter,
            long slowerThan, Segmenter segmenter) {
        this.probe = probe;
        this.from = from;
        this.position = from;
        this.length = length;
        this.minimumRest = minimumRest;
        this.segmentAfterNanos = segmentAfter.toNanos();
        this.slowerThan = slowerThan;
        this.segmenter = segmenter;
    }

    /** Whether the rest of the file comes over several connections. */
    boolean segmented() {
        return ordered != null;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (ordered != null) {
            return ordered.read(buffer, offset, count);
        }
        if (started == 0) {
            // timed from the first read: a stored prefix read before this body is not the origin's time
            started = System.nanoTime();
        }
        int n = probe.read(buffer, offset, count);
        if (n > 0) {
            position += n;
            decide();
        }
        return n;
    }

    private void decide() throws IOException {
        long elapsed = System.nanoTime() - started;
        if (decided || elapsed < segmentAfterNanos) {
            return;
        }
        decided = true;
        double bytesPerSecond = (position - from) * 1e9 / Math.max(1, elapsed);
        if (bytesPerSecond < slowerThan && length - position >= minimumRest) {
            ordered = segmenter.continueFrom(probe, position);
        }
    }

    @Override
    public void close() throws IOException {
        probe.close();
    }
}

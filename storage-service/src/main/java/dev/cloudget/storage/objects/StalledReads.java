package dev.cloudget.storage.objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends reads from the object store that stall. Object streams are read with no per-read timeout: OkHttp arms one for
 * every read of at most 8 KiB (a watchdog thread, a lock and a wake-up each time), and that cost a fifth of a proxied
 * download's speed. Instead this watchdog looks at every open stream twice per {@code timeout} and closes one whose
 * current read has waited longer than {@code timeout}; the blocked read then fails, as a read timeout would have
 * made it. A stream nobody is reading (its client is slow to take the bytes) is left alone.
 */
final class StalledReads implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StalledReads.class);
    private static final long NOT_READING = 0;

    private final long timeoutNanos;
    private final Set<Watched> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("stalled-object-reads").factory());

    StalledReads(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(timeout.toMillis() / 2, 10);
        timer.scheduleWithFixedDelay(this::closeStalled, period, period, TimeUnit.MILLISECONDS);
    }

    /** {@code in}, closed by this watchdog when one of its reads waits longer than the timeout. */
    InputStream watch(InputStream in, String what) {
        Watched watched = new Watched(in, what);
        open.add(watched);
        return watched;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private void closeStalled() {
        long now = System.nanoTime();
        for (Watched stream : open) {
            long since = stream.readingSince;
            if (since != NOT_READING && now - since > timeoutNanos) {
                log.warn("Closing the stream of {}: a read has waited {} ms for the object store", stream.what,
                        TimeUnit.NANOSECONDS.toMillis(now - since));
                stream.abort();
            }
        }
    }

    private final class Watched extends FilterInputStream {

        private final String what;
        /** When the read in progress began; {@link #NOT_READING} between reads. */
        private volatile long readingSince = NOT_READING;

        Watched(InputStream in, String what) {
            super(in);
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            readingSince = startOfRead();
            try {
                return in.read();
            } finally {
                readingSince = NOT_READING;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            readingSince = startOfRead();
            try {
                return in.read(buffer, offset, length);
            } finally {
                readingSince = NOT_READING;
            }
        }

        @Override
        public void close() throws IOException {
            open.remove(this);
            in.close();
        }

        void abort() {
            open.remove(this);
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                log.debug("Closing the stalled stream of {} failed: {}", what, e.toString());
            }
        }

        private static long startOfRead() {
            long now = System.nanoTime();
            return now == NOT_READING ? 1 : now;
        }
    }
}

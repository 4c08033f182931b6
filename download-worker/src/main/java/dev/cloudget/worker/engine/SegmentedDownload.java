package dev.cloudget.worker.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One file fetched over several connections at once, handed on in order. The connections write their segments
 * ({@link SegmentPlan}) into a scratch file at their offsets, as they arrive and out of order; {@link #start} returns
 * the file as a stream that yields each byte as soon as everything before it is written, so the object store still
 * receives one sequential upload and the hashes see the bytes in order, while memory stays one buffer per connection.
 * A connection that drops mid-segment asks again for the rest of its segment (with backoff, a few times); a failure
 * that cannot be retried ends the whole download, and the ordered stream then fails with it. Closing stops every
 * connection and deletes the scratch file.
 */
final class SegmentedDownload implements AutoCloseable {

    /** Opens the bytes {@code [from, to)} of the file: a ranged request, answered by the same content. */
    interface Ranges {
        InputStream open(long from, long to) throws IOException, DownloadException;
    }

    private static final int BUFFER = 64 * 1024;
    private static final int RETRIES = 3;
    private static final long BACKOFF_MILLIS = 200;

    private final SegmentPlan plan;
    private final long length;
    private final Path path;
    private final FileChannel file;
    private final Ranges ranges;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();

    private final long from;

    /** The bytes {@code [from, length)} of a file, those before {@code from} having gone by another way. */
    SegmentedDownload(Path scratchDir, long from, long length, long chunk, long minSplit, Ranges ranges)
            throws IOException {
        this.plan = new SegmentPlan(from, length, chunk, minSplit);
        this.from = from;
        this.length = length;
        this.ranges = ranges;
        Files.createDirectories(scratchDir);
        this.path = Files.createTempFile(scratchDir, "segments-", ".part");
        this.file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * Starts {@code count} connections: the first reads {@code first}, a body positioned at byte {@code from} (the
     * probe's answer, read that far), the others ask for their ranges. Returns the bytes from {@code from} in order.
     */
    InputStream start(InputStream first, int count) {
        SegmentPlan.Segment firstChunk = plan.take().orElseThrow();
        connections.submit(() -> run(firstChunk, first));
        for (int i = 1; i < count; i++) {
            plan.take().ifPresent(segment -> connections.submit(() -> run(segment, null)));
        }
        return new InOrder();
    }

    /** Why the download could not finish, or null. */
    Throwable failure() {
        return plan.failure();
    }

    private void run(SegmentPlan.Segment segment, InputStream body) {
        try {
            SegmentPlan.Segment current = segment;
            InputStream opened = body;
            while (current != null) {
                fetch(current, opened);
                opened = null;
                current = plan.take().orElse(null);
            }
        } catch (Throwable e) {
            plan.fail(e);
        } finally {
            closeQuietly(body);
        }
    }

    /** Writes the segment to its end (which may move closer meanwhile), asking again when a connection drops. */
    private void fetch(SegmentPlan.Segment segment, InputStream body) throws IOException, DownloadException,
            InterruptedException {
        int failures = 0;
        InputStream in = body;
        while (plan.remaining(segment) > 0) {
            try {
                if (in == null) {
                    in = ranges.open(plan.next(segment), plan.end(segment));
                }
                copy(segment, in);
            } catch (IOException e) {
                if (++failures > RETRIES || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS << (failures - 1));
            } finally {
                closeQuietly(in);
                in = null;
            }
        }
    }

    private void copy(SegmentPlan.Segment segment, InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        while (plan.remaining(segment) > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, plan.remaining(segment)));
            if (n < 0) {
                throw new EOFException("the origin ended the range at byte " + plan.next(segment) + " of "
                        + plan.end(segment));
            }
            int allowed = plan.claim(segment, n);
            long position = plan.next(segment);
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, allowed);
            while (bytes.hasRemaining()) {
                file.write(bytes, position - from + bytes.position());
            }
            plan.written(segment);
        }
    }

    @Override
    public void close() throws IOException {
        connections.shutdownNow();
        try {
            connections.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            file.close();
            Files.deleteIfExists(path);
        }
    }

    private static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is given up either way
            }
        }
    }

    /** The file's bytes in order, each as soon as everything before it is written. */
    private final class InOrder extends InputStream {

        private long position = from;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            long written;
            try {
                written = plan.awaitPrefix(position);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the segments");
            }
            if (written <= position) {
                Throwable failure = plan.failure();
                throw failure instanceof IOException io ? io
                        : new IOException("the segmented download failed: " + failure, failure);
            }
            int n = (int) Math.min(count, written - position);
            ByteBuffer into = ByteBuffer.wrap(buffer, offset, n);
            while (into.hasRemaining()) {
                if (file.read(into, position - from + into.position() - offset) < 0) {
                    throw new EOFException("scratch file shorter than written");
                }
            }
            position += n;
            return n;
        }
    }
}

package dev.cloudget.worker.engine;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.source.PieceHashes;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One file fetched over several connections at once, from one source or several, handed on in order. The
 * connections write their segments ({@link SegmentPlan}) into a scratch file at their offsets, as they arrive and out
 * of order; {@link #start} returns the file as a stream that yields each byte as soon as everything before it is
 * written, so the object store still receives one sequential upload and the hashes see the bytes in order, while
 * memory stays one buffer per connection. A connection that drops mid-segment asks again for the rest of its segment
 * (with backoff, a few times), then gives its source up if others are left ({@link Ranges#giveUp}); a failure that
 * cannot be retried ends the whole download, and the ordered stream then fails with it.
 *
 * <p>With {@link PieceHashes} every piece is checked before any of its bytes is handed on: a piece that does not
 * match is blamed on the sources that wrote it ({@link Ranges#blame}) and fetched again whole from another, until
 * one serves it right or none is left. Closing stops every connection and deletes the scratch file.
 */
final class SegmentedDownload implements AutoCloseable {

    /** The sources of the file's bytes, by index. */
    interface Ranges {

        /**
         * Opens the bytes {@code [from, to)} of the file for connection {@code connection}, from the source that
         * connection should use now, other than those in {@code avoid} (a bit per source) where one is left.
         */
        Range open(int connection, long from, long to, long avoid) throws IOException, DownloadException;

        /** Whether bytes from {@code source} are still wanted; a dropped source's connection moves to another. */
        boolean usable(int source);

        /** {@code source} kept failing on a connection: whether another source is left to carry on with. */
        boolean giveUp(int source, IOException failure);

        /** A piece written by the sources in {@code writers} (a bit each) did not match its hash. */
        void blame(long writers, long piece);
    }

    /** An open range and the index of the source that serves it. */
    record Range(InputStream body, int source) {
    }

    private static final int BUFFER = 64 * 1024;
    /** Chunks of a checkpoint interval kept for the bytes a dropped first connection had in flight. */
    private static final int IN_FLIGHT_CHUNKS = 4;
    private static final int RETRIES = 3;
    private static final long BACKOFF_MILLIS = 200;

    private final SegmentPlan plan;
    private final long length;
    private final Path path;
    private final FileChannel file;
    private final Ranges ranges;
    private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();
    private final long from;
    private final long chunk;
    private final PieceHashes pieces;
    /** Per piece, the sources that wrote any of its bytes (a bit each); null without piece hashes. */
    private final long[] writers;

    /** The bytes {@code [from, length)} of a file, those before {@code from} having gone by another way. */
    SegmentedDownload(Path scratchDir, long from, long length, long chunk, long minSplit, Ranges ranges)
            throws IOException {
        this(scratchDir, from, length, chunk, minSplit, ranges, null);
    }

    /** The whole file, each piece checked against {@code pieces} (or none, when null). */
    SegmentedDownload(Path scratchDir, long from, long length, long chunk, long minSplit, Ranges ranges,
            PieceHashes pieces) throws IOException {
        if (pieces != null && (from != 0 || !pieces.fits(length))) {
            throw new IllegalArgumentException("piece hashes check a whole file of the pieces' length");
        }
        this.plan = new SegmentPlan(from, length, chunk, minSplit, pieces == null ? 1 : pieces.length());
        this.from = from;
        this.chunk = chunk;
        this.length = length;
        this.ranges = ranges;
        this.pieces = pieces;
        this.writers = pieces == null ? null : new long[pieces.hashes().size()];
        Files.createDirectories(scratchDir);
        this.path = Files.createTempFile(scratchDir, "segments-", ".part");
        this.file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * Starts {@code count} connections: the first reads {@code first}, a body positioned at byte {@code from} (the
     * probe's answer, read that far) from source 0 and ending at byte {@code firstEnd} (the file's length, or the end
     * of a bounded range: its connection then carries on with the next chunk it is given), the others ask for their
     * ranges. Returns the bytes from {@code from} in order. For a file stored with {@code checkpoints}, whose bytes
     * before {@code checkpointed} are (an earlier lease's checkpoint, or 0), nothing is fetched more than their
     * interval less four chunks beyond the last one (or a part and a chunk, should a part be longer), so that a
     * successor fetches at most an interval again; without, the connections keep within two chunks each of the reader.
     */
    InputStream start(InputStream first, long firstEnd, int count, Checkpoints checkpoints, long checkpointed) {
        if (checkpoints.any()) {
            // four chunks of the interval are kept for what the connection the download began on had in flight (in
            // socket buffers: sent by the origin, never read) when it was dropped after its first chunk: up to 3 MiB
            // measured from nginx on loopback (bench/failover.sh, its access log by range)
            plan.limitAheadOfCheckpoints(Math.max(checkpoints.interval() - IN_FLIGHT_CHUNKS * chunk,
                    checkpoints.spacing() + chunk),
                    Math.min(from, checkpointed));
            checkpoints.follow(plan::checkpointed);
        } else {
            // two chunks per connection beyond the reader: enough to keep every connection busy while the reader waits
            // for the slowest, and a bound on the scratch file and on what is fetched and not yet stored
            plan.limitAhead(2L * count * chunk);
        }
        SegmentPlan.Segment firstChunk = plan.first(firstEnd).orElseThrow();
        connections.submit(() -> run(0, firstChunk, new Range(first, 0)));
        for (int i = 1; i < count; i++) {
            int connection = i;
            connections.submit(() -> run(connection, null, null));
        }
        return new InOrder();
    }

    /** Why the download could not finish, or null. */
    Throwable failure() {
        return plan.failure();
    }

    /**
     * Fetches segment after segment on one connection: {@code segment} first (from {@code first}), or the next one the
     * plan gives when it is null.
     */
    private void run(int connection, SegmentPlan.Segment segment, Range first) {
        try {
            SegmentPlan.Segment current = segment != null ? segment : plan.take().orElse(null);
            Range opened = first;
            while (current != null) {
                fetch(connection, current, opened);
                opened = null;
                current = plan.take().orElse(null);
            }
        } catch (Throwable e) {
            plan.fail(e);
        } finally {
            closeQuietly(first);
        }
    }

    /**
     * Writes the segment to its end (which may move closer meanwhile), asking again when a connection drops, and
     * another source when this one keeps failing or was dropped.
     */
    private void fetch(int connection, SegmentPlan.Segment segment, Range body) throws IOException,
            DownloadException, InterruptedException {
        int failures = 0;
        Range in = body;
        while (plan.remaining(segment) > 0) {
            try {
                if (in == null) {
                    in = ranges.open(connection, plan.next(segment), plan.end(segment), 0);
                }
                copy(segment, in);
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (++failures > RETRIES) {
                    if (in == null || !ranges.giveUp(in.source(), e)) {
                        throw e;
                    }
                    failures = 0;
                } else {
                    TimeUnit.MILLISECONDS.sleep(BACKOFF_MILLIS << (failures - 1));
                }
            } finally {
                closeQuietly(in);
                in = null;
            }
        }
    }

    /** Copies the range into the segment until the segment ends, or its source is dropped (then returns early). */
    private void copy(SegmentPlan.Segment segment, Range range) throws IOException {
        byte[] buffer = new byte[BUFFER];
        while (plan.remaining(segment) > 0) {
            if (!ranges.usable(range.source())) {
                return;
            }
            int n = range.body().read(buffer, 0, (int) Math.min(buffer.length, plan.remaining(segment)));
            if (n < 0) {
                throw new EOFException("the origin ended the range at byte " + plan.next(segment) + " of "
                        + plan.end(segment));
            }
            int allowed = plan.claim(segment, n);
            long position = plan.next(segment);
            write(buffer, allowed, position, range.source());
            plan.written(segment);
        }
    }

    private void write(byte[] buffer, int count, long position, int source) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, count);
        while (bytes.hasRemaining()) {
            file.write(bytes, position - from + bytes.position());
        }
        if (writers != null && count > 0) {
            long bit = 1L << Math.min(source, 63);
            synchronized (writers) {
                for (long piece = position / pieces.length(); piece <= (position + count - 1) / pieces.length();
                        piece++) {
                    writers[(int) piece] |= bit;
                }
            }
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

    private static void closeQuietly(Range range) {
        if (range != null && range.body() != null) {
            try {
                range.body().close();
            } catch (IOException | RuntimeException ignored) {
                // the connection is given up either way
            }
        }
    }

    /** The file's bytes in order, each as soon as everything before it is written (and its piece checked). */
    private final class InOrder extends BlockInputStream {

        private long position = from;
        /** Checked up to here: everything written, when there are no piece hashes. */
        private long checked = from;
        private final MessageDigest digest = pieces == null ? null : digestOf(pieces);

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            if (count == 0) {
                return 0;
            }
            if (position >= length) {
                return -1;
            }
            long available;
            try {
                available = pieces == null ? written() : checked();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the segments");
            }
            int n = (int) Math.min(count, available - position);
            read(ByteBuffer.wrap(buffer, offset, n), position);
            position += n;
            plan.consumed(position);
            return n;
        }

        /** How far the file is written without a gap beyond the position; fails with the download. */
        private long written() throws IOException, InterruptedException {
            return writtenBeyond(position);
        }

        private long writtenBeyond(long at) throws IOException, InterruptedException {
            long written = plan.awaitPrefix(at);
            if (written <= at) {
                Throwable failure = plan.failure();
                throw failure instanceof IOException io ? io
                        : new IOException("the segmented download failed: " + failure, failure);
            }
            return written;
        }

        /** How far the file is written and checked beyond the position: at least the piece holding it. */
        private long checked() throws IOException, InterruptedException {
            if (checked > position) {
                return checked;
            }
            long piece = position / pieces.length();
            long start = piece * pieces.length();
            long end = Math.min(length, start + pieces.length());
            writtenBeyond(end - 1);
            long avoid = 0;
            for (int attempt = 0; !matches(piece, start, end); attempt++) {
                long blamed;
                synchronized (writers) {
                    blamed = writers[(int) piece];
                    writers[(int) piece] = 0;
                }
                ranges.blame(blamed, piece);
                avoid |= blamed;
                if (attempt == 64) {
                    throw fail(new DownloadException(FailureType.HASH_MISMATCH, "piece " + piece
                            + " matched its hash from none of the sources"));
                }
                refetch(start, end, avoid);
            }
            checked = end;
            return checked;
        }

        private boolean matches(long piece, long start, long end) throws IOException {
            digest.reset();
            byte[] buffer = new byte[BUFFER];
            for (long at = start; at < end; ) {
                int n = (int) Math.min(buffer.length, end - at);
                read(ByteBuffer.wrap(buffer, 0, n), at);
                digest.update(buffer, 0, n);
                at += n;
            }
            return HexFormat.of().formatHex(digest.digest()).equals(pieces.hashes().get((int) piece));
        }

        /** The piece again, whole, from a source not in {@code avoid} where one is left. */
        private void refetch(long start, long end, long avoid) throws IOException {
            IOException last = null;
            for (int tries = 0; tries <= RETRIES; tries++) {
                Range range = null;
                try {
                    range = ranges.open(-1, start, end, avoid);
                    byte[] buffer = new byte[BUFFER];
                    for (long at = start; at < end; ) {
                        int n = range.body().read(buffer, 0, (int) Math.min(buffer.length, end - at));
                        if (n < 0) {
                            throw new EOFException("the origin ended the range at byte " + at + " of " + end);
                        }
                        write(buffer, n, at, range.source());
                        at += n;
                    }
                    return;
                } catch (DownloadException e) {
                    throw fail(e);
                } catch (IOException e) {
                    last = e;
                } finally {
                    closeQuietly(range);
                }
            }
            throw fail(last);
        }

        private IOException fail(Exception failure) {
            plan.fail(failure);
            return failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
        }

        private void read(ByteBuffer into, long at) throws IOException {
            int start = into.position();
            while (into.hasRemaining()) {
                if (file.read(into, at - from + into.position() - start) < 0) {
                    throw new EOFException("scratch file shorter than written");
                }
            }
        }
    }

    private static MessageDigest digestOf(PieceHashes pieces) {
        try {
            return MessageDigest.getInstance(pieces.jcaName());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no " + pieces.jcaName(), e);
        }
    }
}

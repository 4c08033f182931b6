package dev.cloudget.client.fetch;

import dev.cloudget.client.CliFailure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The sidecar of a {@code .part} file ({@code <name>.part.segments}): how the file is cut into segments and how many
 * bytes of each are on disk, so that a {@code get} that was interrupted — even by {@code kill -9} — asks only for the
 * rest. Like aria2's control file, it is binary and fixed in layout: a header (size, segment size, SHA-256, the
 * server's validator) and one 8-byte counter per segment at a fixed place, rewritten in place (one small positional
 * write) right after the bytes it counts went to the {@code .part} file. A process that dies keeps both in the kernel's
 * page cache, in that order, so the ledger never claims a byte the part file does not have. (A machine that loses
 * power may lose either; the SHA-256 check at the end catches that.)
 *
 * <p>The ledger also holds an exclusive lock for as long as it is open: two {@code get}s of one file do not mix.
 */
final class SegmentLedger implements AutoCloseable {

    private static final byte[] MAGIC = "CGSEGS01".getBytes(StandardCharsets.US_ASCII);
    private static final int SHA256_HEX = 64;
    private static final int MAX_VALIDATOR = 256;
    /** magic, size, segment size, count, sha256 hex, validator length and bytes. */
    private static final int HEADER = MAGIC.length + 8 + 8 + 4 + SHA256_HEX + 2 + MAX_VALIDATOR;
    private static final long MIB = 1 << 20;
    /** About this many segments, however large the file: many enough for 16 connections to share the tail. */
    private static final long TARGET_SEGMENTS = 64;
    static final long MIN_SEGMENT = MIB;
    static final long MAX_SEGMENT = 64 * MIB;

    private final FileChannel channel;
    private final FileLock lock;
    private final long size;
    private final long segmentSize;
    private final String sha256;
    private final long[] filled;
    private volatile String validator;

    private SegmentLedger(FileChannel channel, FileLock lock, long size, long segmentSize, String sha256,
            long[] filled, String validator) {
        this.channel = channel;
        this.lock = lock;
        this.size = size;
        this.segmentSize = segmentSize;
        this.sha256 = sha256;
        this.filled = filled;
        this.validator = validator;
    }

    /** Whole MiB, about {@value #TARGET_SEGMENTS} segments, at least 1 MiB and at most 64 MiB each. */
    static long segmentSizeFor(long size) {
        return segmentSizeFor(size, 1);
    }

    /**
     * As {@link #segmentSizeFor(long)}, and, where the file is large enough to give each connection two segments still,
     * at least 1 MiB per connection: a run killed with every connection mid-way has up to about twice
     * {@link SegmentedDownload#RECEIVE_BUFFER_BYTES} per connection in flight, which it fetches again when resumed; this
     * keeps all of that within one segment without starving the connections of a small file.
     */
    static long segmentSizeFor(long size, int connections) {
        long perSegment = (size + TARGET_SEGMENTS - 1) / TARGET_SEGMENTS;
        long forConnections = Math.min(connections * MIB, size / (2L * connections));
        long wanted = Math.max(perSegment, forConnections);
        long wholeMib = (wanted + MIB - 1) / MIB * MIB;
        return Math.clamp(wholeMib, MIN_SEGMENT, MAX_SEGMENT);
    }

    /**
     * The ledger at {@code path} if it describes this very file (size and SHA-256), else a fresh one that says nothing
     * is on disk yet (the caller then starts the part file over).
     */
    static SegmentLedger open(Path path, long size, String sha256) throws IOException {
        return open(path, size, sha256, 1);
    }

    /** As {@link #open(Path, long, String)}; a fresh ledger has segments for {@code connections}. */
    static SegmentLedger open(Path path, long size, String sha256, int connections) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                throw new CliFailure("another cloudget get is downloading " + path.getFileName().toString()
                        .replaceFirst("\\.part\\.segments$", "") + " right now");
            }
            SegmentLedger earlier = read(channel, lock, size, sha256);
            if (earlier != null) {
                return earlier;
            }
            long segmentSize = segmentSizeFor(size, connections);
            SegmentLedger fresh = new SegmentLedger(channel, lock, size, segmentSize, sha256,
                    new long[(int) Math.max(1, (size + segmentSize - 1) / segmentSize)], null);
            fresh.writeHeader();
            return fresh;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SegmentLedger read(FileChannel channel, FileLock lock, long size, String sha256) throws IOException {
        if (channel.size() < HEADER) {
            return null;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        channel.read(header, 0);
        header.flip();
        byte[] magic = new byte[MAGIC.length];
        header.get(magic);
        long recordedSize = header.getLong();
        long segmentSize = header.getLong();
        int count = header.getInt();
        byte[] hash = new byte[SHA256_HEX];
        header.get(hash);
        int validatorLength = header.getShort();
        if (!Arrays.equals(magic, MAGIC) || recordedSize != size || !sha256.equals(new String(hash, StandardCharsets.US_ASCII))
                || segmentSize < MIN_SEGMENT || segmentSize > MAX_SEGMENT || count != Math.max(1, (size + segmentSize - 1) / segmentSize)
                || validatorLength < 0 || validatorLength > MAX_VALIDATOR || channel.size() < HEADER + 8L * count) {
            return null;
        }
        byte[] validatorBytes = new byte[validatorLength];
        header.get(validatorBytes);
        ByteBuffer counters = ByteBuffer.allocate(8 * count);
        channel.read(counters, HEADER);
        counters.flip();
        long[] filled = new long[count];
        for (int i = 0; i < count; i++) {
            long segmentLength = Math.min(segmentSize, size - i * segmentSize);
            filled[i] = Math.clamp(counters.getLong(), 0, Math.max(0, segmentLength));
        }
        return new SegmentLedger(channel, lock, size, segmentSize, sha256, filled,
                validatorLength == 0 ? null : new String(validatorBytes, StandardCharsets.UTF_8));
    }

    /** Forgets every byte on disk: the part file is gone, or the server's file changed under it. */
    synchronized void reset() throws IOException {
        Arrays.fill(filled, 0);
        validator = null;
        writeHeader();
    }

    private void writeHeader() throws IOException {
        channel.truncate(0);
        ByteBuffer header = ByteBuffer.allocate(HEADER + 8 * filled.length);
        header.put(MAGIC).putLong(size).putLong(segmentSize).putInt(filled.length)
                .put(sha256.getBytes(StandardCharsets.US_ASCII)).putShort((short) 0);
        header.position(HEADER);
        for (long bytes : filled) {
            header.putLong(bytes);
        }
        header.flip();
        writeFully(header, 0);
    }

    int segments() {
        return filled.length;
    }

    long start(int segment) {
        return segment * segmentSize;
    }

    /** Exclusive end of {@code segment}. */
    long end(int segment) {
        return Math.min(size, start(segment) + segmentSize);
    }

    long filled(int segment) {
        return filled[segment];
    }

    boolean complete(int segment) {
        return start(segment) + filled[segment] >= end(segment);
    }

    long bytesOnDisk() {
        long sum = 0;
        for (long bytes : filled) {
            sum += bytes;
        }
        return sum;
    }

    /** Records that {@code bytes} more of {@code segment} are in the part file. Only one thread fills a segment. */
    void advance(int segment, long bytes) throws IOException {
        filled[segment] += bytes;
        writeFully(ByteBuffer.allocate(8).putLong(0, filled[segment]), HEADER + 8L * segment);
    }

    /** The server's strong validator (ETag) the ranges so far came from; null before the first. */
    String validator() {
        return validator;
    }

    synchronized void validator(String etag) throws IOException {
        byte[] bytes = etag.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_VALIDATOR) {
            return;
        }
        ByteBuffer field = ByteBuffer.allocate(2 + bytes.length).putShort((short) bytes.length).put(bytes).flip();
        writeFully(field, HEADER - MAX_VALIDATOR - 2);
        validator = etag;
    }

    private void writeFully(ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }

    /** Closes and deletes the ledger: the download it kept count of is done or thrown away. */
    void delete(Path path) throws IOException {
        close();
        Files.deleteIfExists(path);
    }
}

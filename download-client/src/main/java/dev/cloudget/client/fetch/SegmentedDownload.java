package dev.cloudget.client.fetch;

import dev.cloudget.client.AtomicFiles;
import dev.cloudget.client.CliFailure;
import dev.cloudget.client.ExitCode;
import dev.cloudget.client.gateway.HttpFailures;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Downloads one file over several connections at once, each asking for one segment with {@code Range}, so that an
 * interrupted run resumes with only what is missing and only verified bytes ever appear under the final name.
 *
 * <p>The bytes go to {@code <name>.part} at their place in the file; {@link SegmentLedger} ({@code
 * <name>.part.segments}) counts what each segment has on disk. Every range after the first is guarded by
 * {@code If-Range} with the server's strong ETag: a file that changed meanwhile answers {@code 200} and the download
 * starts over. At the end the part file is hashed; only a SHA-256 (and size) match is renamed into place, atomically;
 * a mismatch deletes the part and its ledger. Memory: one 64 KiB buffer per connection, whatever the file's size.
 */
public final class SegmentedDownload {

    public static final int MAX_CONNECTIONS = 16;
    /** The message of the failure a {@link #stop stopped} run ends with (reported already: nothing is printed). */
    public static final String STOPPED = "stopped";
    /**
     * Each file connection's socket receive buffer (the kernel books twice this). Left to itself, the kernel grows it to
     * several MiB per connection on a fast path, and whatever sits there when a run is killed is fetched again. A
     * quarter MiB keeps a killed run's loss within one segment ({@link SegmentLedger#segmentSizeFor(long, int)}) and
     * still carries about 5 MiB/s per connection at 50 ms round trip: on a long fat link, more connections
     * ({@code -c 16}) make up for it.
     */
    static final int RECEIVE_BUFFER_BYTES = 256 * 1024;
    private static final int BUFFER_BYTES = 64 * 1024;
    /** A segment whose connection broke is asked for again (from where it stopped) this often before the run fails. */
    private static final int ATTEMPTS_PER_SEGMENT = 4;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

    private final OkHttpClient http;
    private final int connections;
    /** The range requests out now: {@link #stop} cancels them. */
    private final Set<Call> running = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile ExecutorService pool;

    public SegmentedDownload(OkHttpClient http, int connections) {
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new CliFailure("connections must be 1.." + MAX_CONNECTIONS + ", not " + connections, ExitCode.USAGE);
        }
        // set on the connection itself (a network interceptor sees it), whether it came from the socket factory or a
        // SOCKS proxy; setting it also stops the kernel from growing it
        this.http = http.newBuilder().addNetworkInterceptor(chain -> {
            if (chain.connection() != null) {
                chain.connection().socket().setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
            }
            return chain.proceed(chain.request());
        }).build();
        this.connections = connections;
    }

    /**
     * What happened: {@code resumedFrom} bytes were on disk from an earlier run, {@code transferred} came over the
     * wire in this one, over {@code connections} connections at most.
     */
    public record Result(Path file, long size, long resumedFrom, long transferred, boolean alreadyPresent,
            int connections) {
    }

    /** Where a running download stands, for a progress bar: bytes of the file on disk so far, of {@code size}. */
    public interface Progress {
        void update(long bytesOnDisk, long size);
    }

    /**
     * @param request the GET of the file (URL and credentials); Range and If-Range are added here
     * @param size    the size the file must have
     * @param sha256  the lower-case hex SHA-256 the file must have
     * @param meter   counts the bytes this run receives
     */
    public Result fetch(Request request, Path target, long size, String sha256, TransferMeter meter, Progress progress)
            throws IOException {
        if (Files.isRegularFile(target) && Files.size(target) == size && hashOf(target).equals(sha256)) {
            return new Result(target, size, 0, 0, true, 0);
        }
        Path part = sibling(target, ".part");
        Path ledgerPath = sibling(target, ".part.segments");
        SegmentLedger ledger = SegmentLedger.open(ledgerPath, size, sha256, connections);
        try {
            if (!Files.isRegularFile(part) || Files.size(part) != size) {
                // a ledger without its part file (or the other way round) counts nothing
                ledger.reset();
            }
            long resumedFrom = ledger.bytesOnDisk();
            int used;
            try (RandomAccessFile file = new RandomAccessFile(part.toFile(), "rw")) {
                // sparse: each segment writes at its own place
                file.setLength(size);
            }
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                progress.update(ledger.bytesOnDisk(), size);
                try {
                    used = fillMissingSegments(request, ledger, channel, meter, progress, size);
                } catch (FileChanged changed) {
                    // the validator (ETag) no longer matches: what is on disk belongs to another file
                    ledger.reset();
                    resumedFrom = 0;
                    try {
                        used = fillMissingSegments(request, ledger, channel, meter, progress, size);
                    } catch (FileChanged again) {
                        throw new CliFailure(request.url().redact() + " answered a range request with the whole file "
                                + "twice: it keeps changing, or serves no ranges", again);
                    }
                }
                channel.force(false);
            }
            verify(part, target, size, sha256, ledger, ledgerPath);
            AtomicFiles.replace(part, target);
            ledger.delete(ledgerPath);
            return new Result(target, size, resumedFrom, meter.transferred(), false, used);
        } finally {
            ledger.close();
        }
    }

    private int fillMissingSegments(Request request, SegmentLedger ledger, FileChannel channel, TransferMeter meter,
            Progress progress, long size) throws IOException {
        ConcurrentLinkedQueue<Integer> missing = new ConcurrentLinkedQueue<>(
                IntStream.range(0, ledger.segments()).filter(i -> !ledger.complete(i)).boxed().toList());
        int used = Math.min(connections, missing.size());
        if (used == 0) {
            return 0;
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(used, runnable -> {
            Thread thread = new Thread(runnable, "segment-connection");
            thread.setDaemon(true);
            return thread;
        });
        this.pool = pool;
        try {
            List<Future<?>> workers = IntStream.range(0, used).<Future<?>>mapToObj(n -> pool.submit(() -> {
                Integer segment;
                while (failure.get() == null && (segment = missing.poll()) != null) {
                    try {
                        fetchSegment(request, segment, ledger, channel, meter, progress, size, failure);
                    } catch (Exception e) {
                        if (failure.compareAndSet(null, e)) {
                            // the others stop at once: their segments stay in the ledger for the next run
                            running.forEach(Call::cancel);
                        }
                    }
                }
            })).toList();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.forEach(Call::cancel);
            throw new CliFailure("interrupted", ExitCode.INTERRUPTED, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a segment connection failed outside its own handling", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Exception failed = failure.get();
        if (stopping) {
            // a shutdown hook stopped this run and says what is on disk: nothing more to tell
            throw CliFailure.alreadyReported(STOPPED, ExitCode.INTERRUPTED);
        }
        if (failed instanceof FileChanged changed) {
            throw changed;
        }
        if (failed instanceof CliFailure cli) {
            throw ledger.bytesOnDisk() == 0 ? cli : new CliFailure(cli.getMessage() + "; " + ledger.bytesOnDisk()
                    + " of " + size + " bytes are on disk, run get again to resume", cli.exitCode(), cli);
        }
        if (failed instanceof IOException io) {
            throw new CliFailure("the download stopped with " + (size - ledger.bytesOnDisk()) + " of " + size
                    + " bytes missing (" + io.getMessage() + "); run get again to resume", ExitCode.UNAVAILABLE, io);
        }
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
        return used;
    }

    private void fetchSegment(Request request, int segment, SegmentLedger ledger, FileChannel channel,
            TransferMeter meter, Progress progress, long size, AtomicReference<Exception> failure)
            throws IOException {
        long end = ledger.end(segment);
        for (int attempt = 1; ; attempt++) {
            long from = ledger.start(segment) + ledger.filled(segment);
            if (from >= end) {
                return;
            }
            Request.Builder ranged = request.newBuilder().get().header("Range", "bytes=" + from + "-" + (end - 1));
            String validator = ledger.validator();
            if (validator != null) {
                ranged.header("If-Range", validator);
            }
            Call call = http.newCall(ranged.build());
            running.add(call);
            try (Response response = call.execute()) {
                if (response.code() == 200) {
                    throw new FileChanged();
                }
                if (HttpFailures.isTransient(response.code())) {
                    throw new IOException("HTTP " + response.code() + " for bytes " + from + "-" + (end - 1));
                }
                if (response.code() != 206) {
                    throw HttpFailures.of(response);
                }
                checkRange(response, from, end, size);
                learnValidator(ledger, response.header("ETag"));
                copy(response.body().source(), channel, segment, from, end, ledger, meter, progress, size);
                return;
            } catch (FileChanged e) {
                throw e;
            } catch (IOException e) {
                if (stopping || failure.get() != null || attempt == ATTEMPTS_PER_SEGMENT) {
                    throw e;
                }
                pause(attempt);
            } finally {
                running.remove(call);
            }
        }
    }

    private void copy(BufferedSource body, FileChannel channel, int segment, long from, long end,
            SegmentLedger ledger, TransferMeter meter, Progress progress, long size) throws IOException {
        byte[] buffer = new byte[BUFFER_BYTES];
        long position = from;
        while (position < end) {
            if (stopping) {
                throw new java.io.InterruptedIOException("stopped");
            }
            // a whole buffer per write and ledger update: the source hands out 8 KiB at a time
            int want = (int) Math.min(buffer.length, end - position);
            int read = 0;
            for (int n; read < want && (n = body.read(buffer, read, want - read)) != -1; ) {
                read += n;
            }
            if (read == 0) {
                throw new IOException("the server ended the range at byte " + position + " of " + end);
            }
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
            while (bytes.hasRemaining()) {
                position += channel.write(bytes, position);
            }
            meter.add(read);
            // after the bytes, never before: the ledger must not claim what the part file does not have
            ledger.advance(segment, read);
            progress.update(ledger.bytesOnDisk(), size);
        }
    }

    /**
     * Stops a running {@link #fetch} from another thread (a shutdown hook on Ctrl-C): no connection writes another byte,
     * and what they wrote is counted in the ledger, once they stopped or {@code patience} passed.
     */
    public void stop(Duration patience) {
        stopping = true;
        running.forEach(Call::cancel);
        ExecutorService connections = pool;
        if (connections != null) {
            try {
                connections.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void checkRange(Response response, long from, long end, long size) {
        Matcher range = CONTENT_RANGE.matcher(response.header("Content-Range", ""));
        if (!range.matches() || Long.parseLong(range.group(1)) != from || Long.parseLong(range.group(2)) != end - 1
                || !range.group(3).equals(Long.toString(size))) {
            throw new CliFailure("asked " + response.request().url().redact() + " for bytes " + from + "-" + (end - 1)
                    + " of " + size + " and got Content-Range '" + response.header("Content-Range", "") + "'");
        }
    }

    /** Only a strong ETag may guard a range (RFC 9110 §13.1.5); without one the SHA-256 check still does. */
    private static void learnValidator(SegmentLedger ledger, String etag) throws IOException {
        if (etag == null || etag.startsWith("W/")) {
            return;
        }
        String known = ledger.validator();
        if (known == null) {
            ledger.validator(etag);
        } else if (!known.equals(etag)) {
            throw new FileChanged();
        }
    }

    private static void verify(Path part, Path target, long size, String sha256, SegmentLedger ledger,
            Path ledgerPath) throws IOException {
        String actual = hashOf(part);
        long actualSize = Files.size(part);
        if (actual.equals(sha256) && actualSize == size) {
            return;
        }
        Files.deleteIfExists(part);
        ledger.delete(ledgerPath);
        throw new CliFailure("%s does not verify: expected %d bytes with sha256 %s, got %d bytes with sha256 %s; "
                .formatted(target.getFileName(), size, sha256, actualSize, actual)
                + "the partial file was deleted", ExitCode.VERIFICATION_FAILED);
    }


    private static void pause(int attempt) throws IOException {
        try {
            // a connection that broke is asked again after 0.5 s, 1 s, 1.5 s
            TimeUnit.MILLISECONDS.sleep(500L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted");
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    static String hashOf(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            for (int read; (read = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The server's file is not the one the part file holds bytes of. */
    private static final class FileChanged extends IOException {
        FileChanged() {
            super("the file changed on the server");
        }
    }
}

package dev.cloudget.worker.engine;

import com.sun.net.httpserver.HttpExchange;
import dev.cloudget.contracts.FailureType;
import dev.cloudget.platform.guard.Allowlist;
import dev.cloudget.platform.guard.DestinationGuard;
import dev.cloudget.worker.support.StubHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cloudget.worker.engine.TestFiles.filesIn;
import static dev.cloudget.worker.engine.TestFiles.randomBytes;
import static dev.cloudget.worker.engine.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The HTTP engine fetching one file over several connections from a real origin on loopback that misbehaves on
 * demand: the bytes stored are the file's, in order, whatever the segments did.
 */
class SegmentedDownloadIT {

    private static final int SIZE = 2 * 1024 * 1024 + 12_345;
    private static final byte[] FILE = randomBytes(SIZE, 1);
    private static final byte[] OTHER = randomBytes(SIZE, 2);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    private static final List<String> ranges = new CopyOnWriteArrayList<>();
    private static final List<String> ifRanges = new CopyOnWriteArrayList<>();
    private static final AtomicInteger drops = new AtomicInteger();
    private static final AtomicBoolean changed = new AtomicBoolean();
    private static StubHttpServer origin;

    @TempDir
    Path scratch;

    private HttpEngine engine;
    private final ByteArrayOutputStream stored = new ByteArrayOutputStream();
    private final BodySink sink = (body, length) -> body.transferTo(stored);

    @BeforeAll
    static void startOrigin() {
        origin = StubHttpServer.start()
                .on("/ranged.bin", exchange -> serve(exchange, FILE, "\"v1\""))
                // drops two range answers half-way through: the segments ask again for the rest
                .on("/flaky.bin", exchange -> {
                    String range = exchange.getRequestHeaders().getFirst("Range");
                    if (range != null && drops.getAndIncrement() < 2) {
                        Matcher m = RANGE.matcher(range);
                        m.matches();
                        long from = Long.parseLong(m.group(1));
                        long to = Long.parseLong(m.group(2));
                        exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + SIZE);
                        exchange.sendResponseHeaders(206, to - from + 1);
                        OutputStream out = exchange.getResponseBody();
                        out.write(FILE, (int) from, (int) ((to - from + 1) / 2));
                        out.flush();
                        // the exchange ends here, short of what it announced: the connection is cut
                        return;
                    }
                    serve(exchange, FILE, "\"v1\"");
                })
                // replaced by other bytes (another ETag) once the first answer went out
                .on("/changing.bin", exchange -> {
                    boolean after = changed.getAndSet(true);
                    serve(exchange, after ? OTHER : FILE, after ? "\"v2\"" : "\"v1\"");
                })
                // answers the whole file as it is, but its ranges encoded
                .on("/encoded-ranges.bin", exchange -> {
                    if (exchange.getRequestHeaders().getFirst("Range") != null) {
                        exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    }
                    serve(exchange, FILE, "\"v1\"");
                })
                // serves no ranges at all
                .on("/plain.bin", exchange -> StubHttpServer.send(exchange, 200, "application/octet-stream", FILE));
    }

    @AfterAll
    static void stopOrigin() {
        origin.close();
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void fetchesOverSeveralConnectionsWithIfRangeAndStoresTheFileInOrder() throws Exception {
        ranges.clear();
        ifRanges.clear();
        FetchedFile file = engine(4).fetch(URI.create(origin.url("/ranged.bin")), sink, ProgressListener.NONE);

        assertThat(stored.toByteArray()).isEqualTo(FILE);
        assertThat(file.sha256()).isEqualTo(sha256(FILE));
        assertThat(ranges).as("three more connections asked for their segments").hasSizeGreaterThanOrEqualTo(3);
        assertThat(ifRanges).containsOnly("\"v1\"");
        assertThat(filesIn(scratch)).as("the scratch file is gone").isZero();
    }

    @Test
    void aConnectionCutMidSegmentAsksAgainForTheRest() throws Exception {
        drops.set(0);
        FetchedFile file = engine(4).fetch(URI.create(origin.url("/flaky.bin")), sink, ProgressListener.NONE);

        assertThat(drops.get()).isGreaterThan(2);
        assertThat(stored.toByteArray()).isEqualTo(FILE);
        assertThat(file.sha256()).isEqualTo(sha256(FILE));
    }

    @Test
    void contentThatChangesMidwayFailsTheDownloadInsteadOfMixingFiles() throws IOException {
        changed.set(false);
        DownloadException failure = catchThrowableOfType(DownloadException.class,
                () -> engine(4).fetch(URI.create(origin.url("/changing.bin")), sink, ProgressListener.NONE));

        assertThat(failure.type()).isEqualTo(FailureType.ORIGIN_CHANGED);
        assertThat(filesIn(scratch)).isZero();
    }

    @Test
    void aRangeAnsweredWithAContentEncodingIsRefused() throws IOException {
        DownloadException failure = catchThrowableOfType(DownloadException.class,
                () -> engine(4).fetch(URI.create(origin.url("/encoded-ranges.bin")), sink, ProgressListener.NONE));

        assertThat(failure.type()).isEqualTo(FailureType.ORIGIN_HTTP_STATUS);
        assertThat(failure.detail()).contains("encoded gzip");
        assertThat(filesIn(scratch)).isZero();
    }

    @Test
    void anOriginWithoutRangesIsFetchedAsOneStream() throws Exception {
        FetchedFile file = engine(4).fetch(URI.create(origin.url("/plain.bin")), sink, ProgressListener.NONE);

        assertThat(origin.hits("/plain.bin")).isEqualTo(1);
        assertThat(file.sha256()).isEqualTo(sha256(FILE));
    }

    @Test
    void anOriginFastEnoughKeepsItsOneStream() throws Exception {
        ranges.clear();
        FetchedFile file = engine(4, DataSize.ofBytes(1)).fetch(URI.create(origin.url("/ranged.bin")), sink,
                ProgressListener.NONE);

        assertThat(ranges).isEmpty();
        assertThat(file.sha256()).isEqualTo(sha256(FILE));
        assertThat(filesIn(scratch)).isZero();
    }

    @Test
    void aCheckpointedFileIsNeverFetchedMoreThanAnIntervalBeyondItsLastCheckpoint() throws Exception {
        ranges.clear();
        long spacing = 256 * 1024;
        long interval = 512 * 1024;
        Checkpoints checkpoints = Checkpoints.every(spacing, interval);
        List<Long> furthestAtCheckpoints = new CopyOnWriteArrayList<>();
        BodySink checkpointing = new BodySink() {
            @Override
            public Checkpoints resumable(String validator, long length) {
                return checkpoints;
            }

            @Override
            public void store(InputStream body, long length) throws IOException {
                byte[] part = new byte[(int) spacing];
                for (long at = 0; at < length; ) {
                    int n = body.readNBytes(part, 0, (int) Math.min(spacing, length - at));
                    stored.write(part, 0, n);
                    long checkpoint = at;
                    at += n;
                    // storing the part takes a while: the connections fetch on until the interval holds them back
                    // (it keeps a few chunks of the interval in hand, but never less than a part and a chunk)
                    long end = Math.min(length, checkpoint + 3 * 128 * 1024);
                    await().atMost(Duration.ofSeconds(10)).until(() -> furthestAsked() > end - 128 * 1024
                            || furthestAsked() == length);
                    furthestAtCheckpoints.add(furthestAsked() - checkpoint);
                    if (at < length) {
                        checkpoints.stored(at);
                    }
                }
            }
        };

        FetchedFile file = engine(4).fetch(URI.create(origin.url("/ranged.bin")), checkpointing, ProgressListener.NONE);

        assertThat(stored.toByteArray()).isEqualTo(FILE);
        assertThat(file.sha256()).isEqualTo(sha256(FILE));
        assertThat(ranges).as("chunks of one segment, the interval holding two per connection").isNotEmpty()
                .allSatisfy(range -> assertThat(rangeLength(range)).isLessThanOrEqualTo(128 * 1024));
        assertThat(furthestAtCheckpoints).as("asked for beyond the last checkpoint, at each checkpoint").isNotEmpty()
                .allSatisfy(ahead -> assertThat(ahead).isLessThanOrEqualTo(interval));
        assertThat(filesIn(scratch)).isZero();
    }

    /** How far into the file the connections asked for bytes. */
    private static long furthestAsked() {
        return ranges.stream().mapToLong(range -> {
            Matcher m = RANGE.matcher(range);
            return m.matches() ? Long.parseLong(m.group(2)) + 1 : 0;
        }).max().orElse(0);
    }

    private static long rangeLength(String range) {
        Matcher m = RANGE.matcher(range);
        m.matches();
        return Long.parseLong(m.group(2)) + 1 - Long.parseLong(m.group(1));
    }

    /** Judged at the first read, and always too slow: the rest is segmented. */
    private HttpEngine engine(int connections) {
        return engine(connections, DataSize.ofTerabytes(1));
    }

    private HttpEngine engine(int connections, DataSize segmentBelow) {
        engine = new HttpEngine(new DestinationGuard(Allowlist.parse(List.of("127.0.0.1:" + origin.port()))),
                new HttpEngineProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), 5, "segments-it",
                        DataSize.ofKilobytes(1), Duration.ofSeconds(5), connections, 16, DataSize.ofKilobytes(128),
                        Duration.ZERO, segmentBelow),
                scratch);
        return engine;
    }

    /** A file served with ranges and If-Range, as nginx does. */
    private static void serve(HttpExchange exchange, byte[] bytes, String etag) throws IOException {
        exchange.getResponseHeaders().set("ETag", etag);
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
        String range = exchange.getRequestHeaders().getFirst("Range");
        String ifRange = exchange.getRequestHeaders().getFirst("If-Range");
        if (range != null) {
            ranges.add(range);
            ifRanges.add(String.valueOf(ifRange));
        }
        if (range == null || ifRange != null && !ifRange.equals(etag)) {
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
            return;
        }
        Matcher m = RANGE.matcher(range);
        if (!m.matches()) {
            exchange.sendResponseHeaders(416, -1);
            return;
        }
        int from = Integer.parseInt(m.group(1));
        int to = Math.min(Integer.parseInt(m.group(2)), bytes.length - 1);
        exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
        exchange.sendResponseHeaders(206, to - from + 1);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes, from, to - from + 1);
        }
    }
}

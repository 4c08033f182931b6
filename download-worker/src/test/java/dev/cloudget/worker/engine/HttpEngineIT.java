package dev.cloudget.worker.engine;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.source.StoredCopy;
import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.platform.guard.Allowlist;
import dev.cloudget.platform.guard.DestinationGuard;
import dev.cloudget.worker.support.StubHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The HTTP engine against a real origin on loopback (no Spring context): what it stores and when it gives up. */
class HttpEngineIT {

    private static final byte[] ARCHIVE = gzip(randomBytes(256 * 1024));
    private static final int FAST_BODY = 512 * 1024;
    private static final CountDownLatch closing = new CountDownLatch(1);
    private static final List<String> acceptEncodings = new CopyOnWriteArrayList<>();
    private static final List<String> ifNoneMatch = new CopyOnWriteArrayList<>();
    private static StubHttpServer origin;

    private final HttpEngine engine = new HttpEngine(
            new DestinationGuard(Allowlist.parse(List.of("127.0.0.1:" + origin.port()))),
            new HttpEngineProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), 5, "engine-it",
                    DataSize.ofKilobytes(1), Duration.ofMillis(300)));
    private final ByteArrayOutputStream stored = new ByteArrayOutputStream();
    private final AtomicLong announced = new AtomicLong(Long.MIN_VALUE);
    private final BodySink sink = (body, length) -> {
        announced.set(length);
        body.transferTo(stored);
    };

    @BeforeAll
    static void startOrigin() {
        origin = StubHttpServer.start()
                // like a server handing out a .tar.gz with Content-Encoding: gzip, whatever was asked for
                .on("/release.tar.gz", exchange -> {
                    acceptEncodings.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")));
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                    StubHttpServer.send(exchange, 200, "application/x-tar", ARCHIVE);
                })
                .on("/trickle.bin", exchange -> {
                    exchange.sendResponseHeaders(200, 1 << 20);
                    OutputStream out = exchange.getResponseBody();
                    // a byte every 50 ms: never silent for a read timeout, yet 20 bytes/s
                    while (!closing.await(50, TimeUnit.MILLISECONDS)) {
                        out.write('x');
                        out.flush();
                    }
                })
                // headers, a first chunk, then silence: no read timeout is set, the throughput floor must end it
                .on("/silent.bin", exchange -> {
                    exchange.sendResponseHeaders(200, 1 << 20);
                    exchange.getResponseBody().write(new byte[4096]);
                    exchange.getResponseBody().flush();
                    closing.await();
                })
                .on("/steady.bin", exchange -> {
                    exchange.sendResponseHeaders(200, 20 * 4096);
                    OutputStream out = exchange.getResponseBody();
                    // 80 KiB/s for a second, over several throughput windows
                    for (int i = 0; i < 20 && !closing.await(50, TimeUnit.MILLISECONDS); i++) {
                        out.write(new byte[4096]);
                        out.flush();
                    }
                })
                .on("/fast.bin", exchange -> StubHttpServer.send(exchange, 200, "application/octet-stream",
                        randomBytes(FAST_BODY)))
                .on("/no-content", exchange -> exchange.sendResponseHeaders(204, -1))
                // an origin that ignores conditional requests: always the whole body, with its validators
                .on("/versioned.bin", exchange -> {
                    exchange.getResponseHeaders().set("ETag", "\"v2\"");
                    exchange.getResponseHeaders().set("Cache-Control", "max-age=60");
                    StubHttpServer.send(exchange, 200, "application/octet-stream", randomBytes(FAST_BODY));
                })
                // and one that honours them
                .on("/conditional.bin", exchange -> {
                    ifNoneMatch.add(String.valueOf(exchange.getRequestHeaders().getFirst("If-None-Match")));
                    exchange.getResponseHeaders().set("ETag", "\"v1\"");
                    if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        exchange.sendResponseHeaders(304, -1);
                        exchange.close();
                        return;
                    }
                    StubHttpServer.send(exchange, 200, "application/octet-stream", randomBytes(FAST_BODY));
                });
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @AfterAll
    static void stopOrigin() {
        closing.countDown();
        origin.close();
    }

    @Test
    void storesAGzipEncodedBodyExactlyAsTheOriginSentIt() throws Exception {
        FetchedFile file = engine.fetch(URI.create(origin.url("/release.tar.gz")), sink, ProgressListener.NONE);

        assertThat(stored.toByteArray()).as("the encoded bytes, not decoded").isEqualTo(ARCHIVE);
        assertThat(announced.get()).as("Content-Length is kept for the length check").isEqualTo(ARCHIVE.length);
        assertThat(file.size()).isEqualTo(ARCHIVE.length);
        assertThat(file.sha256()).isEqualTo(ContentHash.ofDigest(MessageDigest.getInstance("SHA-256").digest(ARCHIVE)));
        assertThat(file.name()).isEqualTo("release.tar.gz");
        assertThat(acceptEncodings).last().isEqualTo("identity");
    }

    @Test
    void givesUpAnOriginThatTricklesBelowTheMinimumThroughput() {
        DownloadException failure = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> catchThrowableOfType(
                DownloadException.class,
                () -> engine.fetch(URI.create(origin.url("/trickle.bin")), sink, ProgressListener.NONE)));

        assertThat(failure).isNotNull();
        assertThat(failure.type()).isEqualTo(FailureType.TIMEOUT);
        assertThat(failure.detail()).contains("averaged over 300 ms").contains("below the minimum of 1024 bytes/s");
    }

    @Test
    void givesUpAnOriginThatFallsSilentMidBody() {
        DownloadException failure = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> catchThrowableOfType(
                DownloadException.class,
                () -> engine.fetch(URI.create(origin.url("/silent.bin")), sink, ProgressListener.NONE)));

        assertThat(failure).isNotNull();
        assertThat(failure.type()).isEqualTo(FailureType.TIMEOUT);
        assertThat(failure.detail()).contains("below the minimum of 1024 bytes/s").contains("after 4096 bytes");
    }

    @Test
    void givesUpAnOriginSilentForTheStallTimeoutWithoutAThroughputFloor() {
        // no floor, and a read timeout longer than the test may take: only the stall timeout can end it
        HttpEngine stalling = new HttpEngine(
                new DestinationGuard(Allowlist.parse(List.of("127.0.0.1:" + origin.port()))),
                new HttpEngineProperties(Duration.ofSeconds(2), Duration.ofSeconds(60), 5, "engine-it",
                        DataSize.ofBytes(0), Duration.ofSeconds(60)),
                Path.of(System.getProperty("java.io.tmpdir")), Engine.ALL, 1L << 40, Duration.ofMillis(500));

        DownloadException failure;
        try (stalling) {
            failure = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> catchThrowableOfType(
                    DownloadException.class,
                    () -> stalling.fetch(URI.create(origin.url("/silent.bin")), sink, ProgressListener.NONE)));
        }

        assertThat(failure.type()).isEqualTo(FailureType.STALLED);
        assertThat(failure.detail()).isEqualTo("nothing arrived from the origin for 500 ms spent waiting on it; "
                + "gave up after 4096 bytes");
    }

    @Test
    void refusesABodyDeclaredLargerThanTheLargestObjectBeforeTheSinkSeesIt() {
        HttpEngine limited = limitedTo(FAST_BODY - 1);

        DownloadException failure;
        try (limited) {
            failure = catchThrowableOfType(DownloadException.class,
                    () -> limited.fetch(URI.create(origin.url("/fast.bin")), sink, ProgressListener.NONE));
        }

        assertThat(failure.type()).isEqualTo(FailureType.TOO_LARGE);
        assertThat(failure.detail()).isEqualTo("the source declares " + FAST_BODY + " bytes; this worker stores at "
                + "most " + (FAST_BODY - 1) + " per file");
        assertThat(announced.get()).as("the sink was never called").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void refusesASourcePromisingMoreThanTheLargestObjectWithoutAskingTheOrigin() {
        HttpEngine limited = limitedTo(FAST_BODY - 1);
        int hits = origin.hits("/fast.bin");

        DownloadException failure;
        try (limited) {
            failure = catchThrowableOfType(DownloadException.class, () -> limited.fetch(
                    List.of(URI.create(origin.url("/fast.bin"))), null, new Expected(FAST_BODY, null, null), sink,
                    ProgressListener.NONE));
        }

        assertThat(failure.type()).isEqualTo(FailureType.TOO_LARGE);
        assertThat(origin.hits("/fast.bin")).isEqualTo(hits);
    }

    private static HttpEngine limitedTo(long maxObjectSize) {
        return new HttpEngine(new DestinationGuard(Allowlist.parse(List.of("127.0.0.1:" + origin.port()))),
                new HttpEngineProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), 5, "engine-it",
                        DataSize.ofKilobytes(1), Duration.ofMillis(300)),
                Path.of(System.getProperty("java.io.tmpdir")), Engine.ALL, maxObjectSize, Duration.ZERO);
    }

    @Test
    void keepsATransferThatIsSlowButAboveTheMinimumThroughput() throws Exception {
        FetchedFile file = engine.fetch(URI.create(origin.url("/steady.bin")), sink, ProgressListener.NONE);

        assertThat(file.size()).isEqualTo(20 * 4096);
    }

    @Test
    void keepsAFastOriginWhileTheSinkIsSlowToStoreAPart() throws Exception {
        BodySink slowStorage = (body, length) -> {
            stored.write(body.readNBytes(64 * 1024));
            // like the S3 client uploading a part: nothing is read from the origin for over three windows
            closing.await(1, TimeUnit.SECONDS);
            body.transferTo(stored);
        };

        FetchedFile file = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> engine.fetch(URI.create(origin.url("/fast.bin")), slowStorage, ProgressListener.NONE));

        assertThat(file.size()).isEqualTo(FAST_BODY);
        assertThat(stored.size()).isEqualTo(FAST_BODY);
    }

    @Test
    void refusesAnEmptySuccessOtherThan200() {
        DownloadException failure = catchThrowableOfType(DownloadException.class,
                () -> engine.fetch(URI.create(origin.url("/no-content")), sink, ProgressListener.NONE));

        assertThat(failure.type()).isEqualTo(FailureType.ORIGIN_HTTP_STATUS);
        assertThat(failure.detail()).isEqualTo("origin answered 204 No Content instead of 200 with the file");
        assertThat(stored.size()).isZero();
    }

    @Test
    void aStoredCopyTheOriginConfirmsWith304IsNotFetched() throws Exception {
        StoredCopy copy = new StoredCopy("\"v1\"", null, FAST_BODY, List.of());

        HttpEngine.Fetch fetch = engine.fetch(URI.create(origin.url("/conditional.bin")), copy, sink,
                ProgressListener.NONE);

        assertThat(ifNoneMatch).last().isEqualTo("\"v1\"");
        assertThat(fetch.file()).isNull();
        assertThat(fetch.origin().unchanged()).isTrue();
        assertThat(fetch.origin().etag()).isEqualTo("\"v1\"");
        assertThat(announced.get()).as("the sink was never called").isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void aFullAnswerWithTheSameStrongETagConfirmsTheCopyWithoutReadingTheBody() throws Exception {
        StoredCopy copy = new StoredCopy("\"v2\"", null, FAST_BODY, List.of());

        HttpEngine.Fetch fetch = engine.fetch(URI.create(origin.url("/versioned.bin")), copy, sink,
                ProgressListener.NONE);

        assertThat(fetch.file()).isNull();
        assertThat(fetch.origin().unchanged()).isTrue();
        assertThat(fetch.origin().cacheControl()).isEqualTo("max-age=60");
        assertThat(stored.size()).isZero();
    }

    @Test
    void anotherETagMeansNewContentFetchedInFull() throws Exception {
        StoredCopy copy = new StoredCopy("\"v1\"", "Thu, 26 Nov 2026 12:00:00 GMT", FAST_BODY, List.of());

        HttpEngine.Fetch fetch = engine.fetch(URI.create(origin.url("/versioned.bin")), copy, sink,
                ProgressListener.NONE);

        assertThat(fetch.file()).isNotNull();
        assertThat(fetch.origin().unchanged()).isFalse();
        assertThat(fetch.origin().etag()).isEqualTo("\"v2\"");
        assertThat(stored.size()).isEqualTo(FAST_BODY);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}

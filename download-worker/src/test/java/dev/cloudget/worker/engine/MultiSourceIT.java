package dev.cloudget.worker.engine;

import com.sun.net.httpserver.HttpExchange;
import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.source.PieceHashes;
import dev.cloudget.platform.guard.Allowlist;
import dev.cloudget.platform.guard.DestinationGuard;
import dev.cloudget.worker.support.StubHttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cloudget.worker.engine.TestFiles.filesIn;
import static dev.cloudget.worker.engine.TestFiles.randomBytes;
import static dev.cloudget.worker.engine.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The HTTP engine fetching one file from several real origins on loopback at once (P2SP), some of which misbehave:
 * a mirror serving corrupted bytes, another length, no ranges, nothing at all, or slowly. The file stored is always
 * the right one, and a mirror that served other bytes is named.
 */
class MultiSourceIT {

    private static final int SIZE = 3 * 1024 * 1024 + 777;
    private static final int PIECE = 256 * 1024;
    private static final byte[] FILE = randomBytes(SIZE, 7);
    private static final byte[] CORRUPT = corrupted(FILE);
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");
    /** Bytes each origin path sent in ranges. */
    private static final Map<String, AtomicLong> served = new ConcurrentHashMap<>();
    private static final List<StubHttpServer> origins = new ArrayList<>();
    private static ServerSocket liar;

    @TempDir
    Path scratch;

    private HttpEngine engine;
    private final ByteArrayOutputStream stored = new ByteArrayOutputStream();
    private final BodySink sink = (body, length) -> body.transferTo(stored);

    @BeforeAll
    static void startOrigins() throws IOException {
        for (int i = 0; i < 3; i++) {
            origins.add(StubHttpServer.start()
                    .on("/file.bin", exchange -> serve(exchange, "/file.bin", FILE, 0))
                    .on("/corrupt.bin", exchange -> serve(exchange, "/corrupt.bin", CORRUPT, 0))
                    .on("/shorter.bin", exchange -> serve(exchange, "/shorter.bin",
                            java.util.Arrays.copyOf(FILE, SIZE - 1), 0))
                    .on("/slow.bin", exchange -> serve(exchange, "/slow.bin", FILE, 20))
                    .on("/no-ranges.bin", exchange -> StubHttpServer.send(exchange, 200, "application/octet-stream",
                            FILE)));
        }
        liar = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(MultiSourceIT::lie);
    }

    @AfterAll
    static void stopOrigins() throws IOException {
        origins.forEach(StubHttpServer::close);
        liar.close();
    }

    @BeforeEach
    void countAfresh() {
        served.clear();
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void threeMirrorsOneCorruptedCompleteWithTheRightBytesAndNameTheBadOne() throws Exception {
        List<URI> urls = List.of(url(0, "/file.bin"), url(1, "/corrupt.bin"), url(2, "/file.bin"));

        HttpEngine.Fetch fetch = engine(6).fetch(urls, null, new Expected(SIZE, sha256(FILE), pieces(FILE)), sink,
                ProgressListener.NONE);

        assertThat(stored.toByteArray()).isEqualTo(FILE);
        assertThat(fetch.file().sha256()).isEqualTo(sha256(FILE));
        assertThat(fetch.badSources()).containsExactly(url(1, "/corrupt.bin"));
        assertThat(served("/corrupt.bin")).as("the corrupted mirror was asked, and dropped").isPositive();
        assertThat(served("/file.bin")).isGreaterThanOrEqualTo(SIZE / 2);
        assertThat(filesIn(scratch)).isZero();
    }

    @Test
    void withoutPieceHashesTheWholeFileIsCheckedAndAMismatchFailsClearly() {
        List<URI> urls = List.of(url(0, "/file.bin"), url(1, "/corrupt.bin"));

        DownloadException failure = catchThrowableOfType(DownloadException.class, () -> engine(4).fetch(urls, null,
                new Expected(SIZE, sha256(FILE), null), sink, ProgressListener.NONE));

        assertThat(failure.type()).isEqualTo(FailureType.HASH_MISMATCH);
        assertThat(failure.detail()).contains("expected " + SIZE + " bytes with SHA-256 " + sha256(FILE));
    }

    @Test
    void mirrorsThatServeAnotherLengthNoRangesOrNothingAreDroppedAndTheOthersCarryOn() throws Exception {
        List<URI> urls = List.of(url(0, "/file.bin"), url(1, "/shorter.bin"), url(1, "/no-ranges.bin"),
                url(2, "/missing.bin"), url(2, "/file.bin"));

        HttpEngine.Fetch fetch = engine(8).fetch(urls, null, Expected.NOTHING, sink, ProgressListener.NONE);

        assertThat(stored.toByteArray()).isEqualTo(FILE);
        assertThat(fetch.badSources()).as("only the mirror of another file served other bytes")
                .containsExactly(url(1, "/shorter.bin"));
        // eight connections over five sources: each connection asks a source at most once before it is dropped
        assertThat(origins.get(1).hits("/shorter.bin")).as("asked, then dropped").isBetween(1, 8);
        assertThat(origins.get(1).hits("/no-ranges.bin")).as("asked, then dropped").isBetween(1, 8);
    }

    @Test
    void aThrottledMirrorServesLessWhileTheFastOnesTakeItsShare() throws Exception {
        List<URI> urls = List.of(url(0, "/file.bin"), url(1, "/slow.bin"));

        HttpEngine.Fetch fetch = engine(4).fetch(urls, null, new Expected(SIZE, sha256(FILE), null), sink,
                ProgressListener.NONE);

        assertThat(fetch.file().sha256()).isEqualTo(sha256(FILE));
        assertThat(served("/slow.bin")).isPositive().isLessThan(served("/file.bin"));
    }

    @Test
    void aFirstUrlServingAnotherSizeIsPassedOverForTheNext() throws Exception {
        List<URI> urls = List.of(url(0, "/shorter.bin"), url(1, "/file.bin"));

        HttpEngine.Fetch fetch = engine(1).fetch(urls, null, new Expected(SIZE, null, null), sink,
                ProgressListener.NONE);

        assertThat(stored.toByteArray()).isEqualTo(FILE);
        assertThat(fetch.badSources()).containsExactly(url(0, "/shorter.bin"));
    }

    @Test
    void everySourceCorruptedFailsWithHashMismatch() {
        List<URI> urls = List.of(url(0, "/corrupt.bin"), url(1, "/corrupt.bin"));

        DownloadException failure = catchThrowableOfType(DownloadException.class, () -> engine(4).fetch(urls, null,
                new Expected(SIZE, sha256(FILE), pieces(FILE)), sink, ProgressListener.NONE));

        assertThat(failure.type()).isEqualTo(FailureType.HASH_MISMATCH);
    }

    @Test
    void anOriginSendingLessThanItsContentLengthFailsClearly() {
        DownloadException failure = catchThrowableOfType(DownloadException.class, () -> engine(1).fetch(
                URI.create("http://127.0.0.1:" + liar.getLocalPort() + "/less"), sink, ProgressListener.NONE));

        assertThat(failure.type()).isEqualTo(FailureType.NETWORK_ERROR);
    }

    @Test
    void anOriginSendingMoreThanItsContentLengthIsCappedAtWhatItAnnounced() throws Exception {
        FetchedFile file = engine(1).fetch(URI.create("http://127.0.0.1:" + liar.getLocalPort() + "/more"), sink,
                ProgressListener.NONE);

        assertThat(file.size()).isEqualTo(1000);
        assertThat(stored.size()).isEqualTo(1000);
        DownloadException failure = catchThrowableOfType(DownloadException.class, () -> engine(1).fetch(
                List.of(URI.create("http://127.0.0.1:" + liar.getLocalPort() + "/more")), null,
                new Expected(2000, null, null), sink, ProgressListener.NONE));
        assertThat(failure.type()).as("where the size is known, a capped file is no file")
                .isEqualTo(FailureType.HASH_MISMATCH);
    }

    private HttpEngine engine(int connections) {
        List<String> allowed = new ArrayList<>(origins.stream().map(o -> "127.0.0.1:" + o.port()).toList());
        allowed.add("127.0.0.1:" + liar.getLocalPort());
        engine = new HttpEngine(new DestinationGuard(Allowlist.parse(allowed)),
                new HttpEngineProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), 5, "multi-source-it",
                        DataSize.ofKilobytes(1), Duration.ofSeconds(5), connections, 16, DataSize.ofKilobytes(128),
                        Duration.ZERO, DataSize.ofTerabytes(1)),
                scratch);
        return engine;
    }

    private static URI url(int origin, String path) {
        return URI.create(origins.get(origin).url(path));
    }

    private static long served(String path) {
        AtomicLong bytes = served.get(path);
        return bytes == null ? 0 : bytes.get();
    }

    /** A file served with ETag, ranges and If-Range, as nginx does; {@code delayMillis} per 64 KiB sent. */
    private static void serve(HttpExchange exchange, String path, byte[] bytes, int delayMillis) throws IOException {
        exchange.getResponseHeaders().set("ETag", "\"" + bytes.length + "\"");
        exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
        String range = exchange.getRequestHeaders().getFirst("Range");
        int from = 0;
        int to = bytes.length - 1;
        if (range != null) {
            Matcher m = RANGE.matcher(range);
            if (!m.matches()) {
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            from = Integer.parseInt(m.group(1));
            to = Math.min(Integer.parseInt(m.group(2)), bytes.length - 1);
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + bytes.length);
            exchange.sendResponseHeaders(206, to - from + 1);
        } else {
            exchange.sendResponseHeaders(200, bytes.length);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            for (int at = from; at <= to; at += 64 * 1024) {
                int n = Math.min(64 * 1024, to + 1 - at);
                out.write(bytes, at, n);
                if (range != null) {
                    served.computeIfAbsent(path, ignored -> new AtomicLong()).addAndGet(n);
                }
                if (delayMillis > 0) {
                    out.flush();
                    sleep(delayMillis);
                }
            }
        }
    }

    private static void sleep(int millis) {
        // an origin throttling itself: a pause in the server, not a wait in the test
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A raw origin whose Content-Length is a lie: {@code /less} sends half of it, {@code /more} twice as much. */
    private static void lie() {
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        while (!liar.isClosed()) {
            try {
                Socket socket = liar.accept();
                executor.submit(() -> {
                    try (socket) {
                        InputStream in = socket.getInputStream();
                        StringBuilder head = new StringBuilder();
                        while (!head.toString().endsWith("\r\n\r\n")) {
                            int c = in.read();
                            if (c < 0) {
                                return null;
                            }
                            head.append((char) c);
                        }
                        boolean less = head.toString().startsWith("GET /less");
                        OutputStream out = socket.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(FILE, 0, less ? 500 : 2000);
                        out.flush();
                    }
                    return null;
                });
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static PieceHashes pieces(byte[] bytes) throws Exception {
        List<String> hashes = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += PIECE) {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(bytes, at, Math.min(PIECE, bytes.length - at));
            hashes.add(HexFormat.of().formatHex(sha1.digest()));
        }
        return new PieceHashes("sha-1", PIECE, hashes);
    }

    /** The same length, a byte changed in every other piece. */
    private static byte[] corrupted(byte[] bytes) {
        byte[] copy = bytes.clone();
        for (int at = PIECE / 2; at < copy.length; at += 2 * PIECE) {
            copy[at] ^= 0x5a;
        }
        return copy;
    }
}

package dev.cloudget.client.fetch;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.ExitCode;
import dev.cloudget.client.RangeFileServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cloudget.client.TestFiles.randomBytes;
import static dev.cloudget.client.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentedDownloadTest {

    private static final int MIB = 1 << 20;
    /** 6 MiB and a bit: seven 1 MiB segments, the last one short. */
    private static final byte[] CONTENT = randomBytes(6 * MIB + 12_345, 42);
    private static final String SHA256 = sha256(CONTENT);
    private static final Pattern CLOSED_RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    @TempDir
    Path dir;

    private RangeFileServer server;
    private Path target;

    @BeforeEach
    void start() throws Exception {
        server = new RangeFileServer().file(CONTENT, "\"v1\"");
        target = dir.resolve("big.bin");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void downloadsEverySegmentOverSeveralConnectionsAtOnceAndRenamesTheVerifiedFile() throws Exception {
        SegmentedDownload.Result result = fetch(4);

        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(result.transferred()).isEqualTo(CONTENT.length);
        assertThat(result.resumedFrom()).isZero();
        assertThat(result.connections()).isEqualTo(4);
        assertThat(server.fileBytesSent()).isEqualTo(CONTENT.length);
        assertThat(server.mostFileRequestsAtOnce()).isGreaterThan(1);
        // seven ranges that tile the file: 1 MiB each, the last one the rest
        assertThat(server.seen("/file")).hasSize(7).extracting(RangeFileServer.Seen::range)
                .allMatch(range -> CLOSED_RANGE.matcher(range).matches())
                .contains("bytes=0-1048575", "bytes=6291456-" + (CONTENT.length - 1));
        assertThat(dir.resolve("big.bin.part")).doesNotExist();
        assertThat(dir.resolve("big.bin.part.segments")).doesNotExist();
    }

    @Test
    void resumesOnlyTheMissingBytesAfterARunThatBrokeOff() throws Exception {
        server.cutOffAfter(2_500_000);

        assertThatThrownBy(() -> fetch(3)).isInstanceOf(CliFailure.class).hasMessageContaining("run get again");
        assertThat(target).doesNotExist();
        long sentBeforeTheBreak = server.fileBytesSent();
        int requestsBeforeTheBreak = server.seen("/file").size();

        server.cutOffAfter(-1);
        SegmentedDownload.Result result = fetch(3);

        assertThat(target).hasBinaryContent(CONTENT);
        long sentOnResume = server.fileBytesSent() - sentBeforeTheBreak;
        assertThat(result.resumedFrom()).as("what the first run left on disk").isPositive();
        assertThat(sentOnResume).isEqualTo(CONTENT.length - result.resumedFrom());
        assertThat(result.transferred()).isEqualTo(sentOnResume);
        // what the first run received and did not keep is what was in flight when it broke off: under one segment
        assertThat(server.fileBytesSent())
                .isLessThanOrEqualTo(CONTENT.length + SegmentLedger.segmentSizeFor(CONTENT.length, 3));
        // the second run asked only for the missing bytes, each range under the first run's validator
        List<RangeFileServer.Seen> resumed = server.seen("/file").subList(requestsBeforeTheBreak,
                server.seen("/file").size());
        assertThat(resumed).allSatisfy(request -> assertThat(request.ifRange()).isEqualTo("\"v1\""));
        assertThat(resumed.stream().mapToLong(request -> rangeLength(request.range())).sum()).isEqualTo(sentOnResume);
    }

    @Test
    void startsOverWhenTheFileChangedSinceThePartWasWritten() throws Exception {
        server.cutOffAfter(2 * MIB);
        assertThatThrownBy(() -> fetch(2)).isInstanceOf(CliFailure.class);
        int firstRun = server.seen("/file").size();
        byte[] changed = randomBytes(CONTENT.length, 7);
        server.cutOffAfter(-1);
        server.file(changed, "\"v2\"");

        SegmentedDownload.Result result = new SegmentedDownload(new OkHttpClient(), 2).fetch(request(), target,
                changed.length, sha256(changed), new TransferMeter(System.nanoTime()), (done, size) -> { });

        assertThat(target).hasBinaryContent(changed);
        assertThat(result.resumedFrom()).isZero();
        // nothing of the old file was asked for again, nor kept: the second run started over under the new validator
        assertThat(server.seen("/file").subList(firstRun, server.seen("/file").size()))
                .extracting(RangeFileServer.Seen::ifRange).doesNotContain("\"v1\"").contains("\"v2\"");
    }

    @Test
    void deletesThePartAndFailsWithTheVerificationExitCodeWhenTheHashDoesNotMatch() {
        String wrong = sha256(new byte[] {1});

        assertThatThrownBy(() -> new SegmentedDownload(new OkHttpClient(), 4).fetch(request(), target, CONTENT.length,
                wrong, new TransferMeter(System.nanoTime()), (done, size) -> { }))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("does not verify")
                .hasMessageContaining(SHA256)
                .satisfies(failure -> assertThat(((CliFailure) failure).exitCode())
                        .isEqualTo(ExitCode.VERIFICATION_FAILED));
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("big.bin.part")).doesNotExist();
        assertThat(dir.resolve("big.bin.part.segments")).doesNotExist();
    }

    @Test
    void leavesAVerifiedFileAloneOnASecondRun() throws Exception {
        fetch(4);
        int requests = server.seen().size();

        SegmentedDownload.Result again = fetch(4);

        assertThat(again.alreadyPresent()).isTrue();
        assertThat(server.seen()).hasSize(requests);
    }

    @Test
    void refusesASecondDownloadOfTheSameFileWhileOneRuns() throws Exception {
        try (SegmentLedger running = SegmentLedger.open(dir.resolve("big.bin.part.segments"), CONTENT.length, SHA256)) {
            assertThatThrownBy(() -> fetch(2)).isInstanceOf(CliFailure.class)
                    .hasMessageContaining("another cloudget get is downloading big.bin");
        }
        assertThat(server.seen()).isEmpty();
    }

    @Test
    void cutsFilesIntoAboutSixtyFourWholeMibSegmentsOfOneToSixtyFourMib() {
        assertThat(SegmentLedger.segmentSizeFor(1000)).isEqualTo(MIB);
        assertThat(SegmentLedger.segmentSizeFor(256L * MIB)).isEqualTo(4L * MIB);
        assertThat(SegmentLedger.segmentSizeFor(256L * MIB + 1)).isEqualTo(5L * MIB);
        assertThat(SegmentLedger.segmentSizeFor(100L * 1024 * MIB)).isEqualTo(64L * MIB);
        assertThat(SegmentLedger.segmentSizeFor(256L * MIB, 8)).as("1 MiB per connection").isEqualTo(8L * MIB);
        assertThat(SegmentLedger.segmentSizeFor(24L * MIB, 8)).as("still two segments per connection")
                .isEqualTo(2L * MIB);
        assertThat(SegmentLedger.segmentSizeFor(100L * 1024 * MIB, 16)).isEqualTo(64L * MIB);
    }

    @Test
    void stopEndsARunningDownloadAtOnceAndTheNextRunResumesFromWhatItLeft() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        server.handle("/held", exchange -> {
            // each range: its first 256 KiB, then nothing until released (a stalled transfer)
            java.util.regex.Matcher range = CLOSED_RANGE.matcher(exchange.getRequestHeaders().getFirst("Range"));
            range.matches();
            int from = Integer.parseInt(range.group(1));
            int to = Integer.parseInt(range.group(2));
            exchange.getResponseHeaders().set("ETag", "\"v1\"");
            exchange.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + CONTENT.length);
            exchange.sendResponseHeaders(206, to - from + 1);
            try (java.io.OutputStream out = exchange.getResponseBody()) {
                out.write(CONTENT, from, Math.min(256 * 1024, to - from + 1));
                out.flush();
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException | IOException gone) {
                // the client went away
            }
        });
        SegmentedDownload download = new SegmentedDownload(new OkHttpClient(), 3);
        java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Throwable> ended = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                download.fetch(new Request.Builder().url(server.url("/held")).build(), target, CONTENT.length, SHA256,
                        new TransferMeter(System.nanoTime()), (done, size) -> {
                            if (done > 0) {
                                written.countDown();
                            }
                        });
                return null;
            } catch (Throwable e) {
                return e;
            }
        });
        assertThat(written.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        download.stop(java.time.Duration.ofSeconds(5));

        Throwable failure = ended.get(5, java.util.concurrent.TimeUnit.SECONDS);
        release.countDown();
        assertThat(failure).isInstanceOf(CliFailure.class).hasMessage(SegmentedDownload.STOPPED);
        assertThat(((CliFailure) failure).exitCode()).isEqualTo(ExitCode.INTERRUPTED);
        SegmentedDownload.Result resumed = fetch(3);
        assertThat(target).hasBinaryContent(CONTENT);
        assertThat(resumed.resumedFrom()).isPositive();
        assertThat(server.fileBytesSent()).isEqualTo(CONTENT.length - resumed.resumedFrom());
    }

    @Test
    void refusesMoreThanSixteenConnections() {
        assertThatThrownBy(() -> new SegmentedDownload(new OkHttpClient(), 17))
                .isInstanceOf(CliFailure.class)
                .satisfies(failure -> assertThat(((CliFailure) failure).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    private SegmentedDownload.Result fetch(int connections) throws Exception {
        return new SegmentedDownload(new OkHttpClient(), connections).fetch(request(), target, CONTENT.length, SHA256,
                new TransferMeter(System.nanoTime()), (done, size) -> { });
    }

    private Request request() {
        return new Request.Builder().url(server.url("/file")).build();
    }

    private static long rangeLength(String range) {
        Matcher matcher = CLOSED_RANGE.matcher(range);
        assertThat(matcher.matches()).as(range).isTrue();
        return Long.parseLong(matcher.group(2)) - Long.parseLong(matcher.group(1)) + 1;
    }
}

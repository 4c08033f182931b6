package dev.cloudget.client.fetch;

import dev.cloudget.client.CliFailure;
import dev.cloudget.client.RangeFileServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResumableDownloadTest {

    private static final byte[] CONTENT = randomBytes(3 * 1024 * 1024);
    private static final String SHA256 = sha256(CONTENT);

    @TempDir
    Path dir;

    private RangeFileServer server;
    private ResumableDownload download;
    private Path target;

    @BeforeEach
    void start() throws Exception {
        server = new RangeFileServer().file(CONTENT, "\"v1\"");
        download = new ResumableDownload(new OkHttpClient());
        target = dir.resolve("big.bin");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void downloadsVerifiesAndRenamesAFreshFile() throws Exception {
        ResumableDownload.Result result = fetch();

        assertThat(Files.readAllBytes(target)).isEqualTo(CONTENT);
        assertThat(result.resumedFrom()).isZero();
        assertThat(result.transferred()).isEqualTo(CONTENT.length);
        assertThat(dir.resolve("big.bin.part")).doesNotExist();
        assertThat(dir.resolve("big.bin.part.etag")).doesNotExist();
        assertThat(server.seen()).singleElement().satisfies(request -> assertThat(request.range()).isNull());
    }

    @Test
    void resumesAPartWithRangeGuardedByTheEtag() throws Exception {
        int had = CONTENT.length / 3;
        Files.write(dir.resolve("big.bin.part"), Arrays.copyOf(CONTENT, had));
        Files.writeString(dir.resolve("big.bin.part.etag"), "\"v1\"");

        ResumableDownload.Result result = fetch();

        assertThat(server.seen()).singleElement().satisfies(request -> {
            assertThat(request.range()).isEqualTo("bytes=" + had + "-");
            assertThat(request.ifRange()).isEqualTo("\"v1\"");
        });
        assertThat(server.fileBytesSent()).isEqualTo(CONTENT.length - had);
        assertThat(result.resumedFrom()).isEqualTo(had);
        assertThat(Files.readAllBytes(target)).isEqualTo(CONTENT);
    }

    @Test
    void resumesAfterTheConnectionDroppedMidTransfer() throws Exception {
        server.dropNextResponseAfter(1_000_000);

        assertThatThrownBy(this::fetch).isInstanceOf(CliFailure.class).hasMessageContaining("run fetch again");
        assertThat(target).doesNotExist();
        assertThat(Files.size(dir.resolve("big.bin.part"))).isEqualTo(1_000_000);
        assertThat(dir.resolve("big.bin.part.etag")).hasContent("\"v1\"");

        ResumableDownload.Result result = fetch();

        assertThat(server.seen()).last().satisfies(request -> assertThat(request.range()).isEqualTo("bytes=1000000-"));
        assertThat(result.resumedFrom()).isEqualTo(1_000_000);
        assertThat(Files.readAllBytes(target)).isEqualTo(CONTENT);
    }

    @Test
    void startsOverWhenTheFileChangedSinceThePartWasWritten() throws Exception {
        byte[] stale = Arrays.copyOf(CONTENT, 1000);
        stale[0] ^= 1;
        Files.write(dir.resolve("big.bin.part"), stale);
        Files.writeString(dir.resolve("big.bin.part.etag"), "\"v0\"");

        ResumableDownload.Result result = fetch();

        assertThat(server.seen()).singleElement().satisfies(request -> assertThat(request.ifRange()).isEqualTo("\"v0\""));
        assertThat(server.fileBytesSent()).isEqualTo(CONTENT.length);
        assertThat(result.resumedFrom()).isZero();
        assertThat(Files.readAllBytes(target)).isEqualTo(CONTENT);
    }

    @Test
    void deletesThePartAndFailsWhenTheHashDoesNotMatch() {
        String wrong = sha256(new byte[] {1});

        assertThatThrownBy(() -> download.fetch(request(), target, CONTENT.length, wrong))
                .isInstanceOf(CliFailure.class)
                .hasMessageContaining("does not verify")
                .hasMessageContaining(SHA256);
        assertThat(target).doesNotExist();
        assertThat(dir.resolve("big.bin.part")).doesNotExist();
        assertThat(dir.resolve("big.bin.part.etag")).doesNotExist();
    }

    @Test
    void leavesAVerifiedFileAloneOnASecondRun() throws Exception {
        fetch();

        ResumableDownload.Result again = fetch();

        assertThat(again.alreadyPresent()).isTrue();
        assertThat(server.seen()).hasSize(1);
    }

    private ResumableDownload.Result fetch() throws Exception {
        return download.fetch(request(), target, CONTENT.length, SHA256);
    }

    private Request request() {
        return new Request.Builder().url(server.url("/file")).build();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

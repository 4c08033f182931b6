package dev.cloudget.worker.engine;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.platform.guard.Allowlist;
import dev.cloudget.platform.guard.DestinationGuard;
import dev.cloudget.worker.support.StubHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The HTTP engine of a worker that runs HTTP and not FTP ({@code WORKER_ENGINES=HTTP}) never opens a connection to an
 * FTP URL, wherever one is named: an FTP link with an HTTP mirror comes from the mirror alone, and an FTP link with no
 * other URL fails at once.
 */
class EnginesNotRunIT {

    private static final byte[] FILE = "the same bytes at every URL".getBytes(StandardCharsets.UTF_8);

    private StubHttpServer mirror;
    /** Where the FTP URLs point: anything that connects here is an FTP session opened. */
    private ServerSocket ftpServer;
    private HttpEngine engine;

    @BeforeEach
    void origins() throws Exception {
        mirror = StubHttpServer.start().on("/a.bin", exchange -> {
            exchange.sendResponseHeaders(200, FILE.length);
            exchange.getResponseBody().write(FILE);
        });
        ftpServer = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        engine = new HttpEngine(
                new DestinationGuard(Allowlist.parse(List.of("127.0.0.1:" + mirror.port(),
                        "127.0.0.1:" + ftpServer.getLocalPort()))),
                new HttpEngineProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), 5, "engines-it",
                        DataSize.ofKilobytes(1), Duration.ofMillis(300)),
                Path.of(System.getProperty("java.io.tmpdir"), "cloudget-engines-it"), Set.of(Engine.HTTP));
    }

    @AfterEach
    void close() throws Exception {
        engine.close();
        mirror.close();
        ftpServer.close();
    }

    @Test
    void fetchesAnFtpLinkFromItsHttpMirrorWithoutOpeningAnFtpSession() throws Exception {
        URI ftp = URI.create("ftp://127.0.0.1:" + ftpServer.getLocalPort() + "/a.bin");
        URI http = URI.create("http://127.0.0.1:" + mirror.port() + "/a.bin");
        ByteArrayOutputStream stored = new ByteArrayOutputStream();

        HttpEngine.Fetch fetch = engine.fetch(List.of(ftp, http), null, Expected.NOTHING,
                (body, length) -> body.transferTo(stored), ProgressListener.NONE);

        assertThat(stored.toByteArray()).isEqualTo(FILE);
        assertThat(fetch.goodSources()).doesNotContain(ftp);
        assertNoFtpSessionWasOpened();
    }

    @Test
    void failsAnFtpLinkWithNoOtherUrlAsUnsupported() throws Exception {
        URI ftp = URI.create("ftp://127.0.0.1:" + ftpServer.getLocalPort() + "/a.bin");

        assertThatThrownBy(() -> engine.fetch(List.of(ftp), null, Expected.NOTHING, (body, length) -> { },
                ProgressListener.NONE))
                .isInstanceOfSatisfying(DownloadException.class, failure -> {
                    assertThat(failure.type()).isEqualTo(FailureType.UNSUPPORTED_SOURCE);
                    assertThat(failure.detail()).contains("runs [HTTP]").contains(ftp.toString());
                });
        assertNoFtpSessionWasOpened();
    }

    /**
     * URLs are tried in turn, so a connection to the FTP URL would have been made, and be waiting to be accepted,
     * before the fetch returned.
     */
    private void assertNoFtpSessionWasOpened() throws Exception {
        ftpServer.setSoTimeout(200);
        assertThatThrownBy(ftpServer::accept).isInstanceOf(SocketTimeoutException.class);
    }
}

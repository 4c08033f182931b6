package dev.cloudget.worker.engine;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.platform.guard.Allowlist;
import dev.cloudget.platform.guard.DestinationGuard;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.filesystem.nativefs.impl.NativeFileSystemView;
import org.apache.ftpserver.filesystem.nativefs.impl.NativeFtpFile;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.apache.ftpserver.impl.DefaultFtpServer;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.cloudget.worker.engine.TestFiles.filesIn;
import static dev.cloudget.worker.engine.TestFiles.randomBytes;
import static dev.cloudget.worker.engine.TestFiles.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The engine's FTP sources against a real FTP server on loopback (Apache FtpServer, in-process): passive mode, a
 * file fetched whole or in segments ({@code REST}), a transfer that breaks off resumed where it stopped, a
 * {@code PASV} answer naming another address not followed, and the server's refusals told apart.
 */
class FtpEngineIT {

    private static final int SIZE = 3 * 1024 * 1024 + 99;
    private static final byte[] FILE = randomBytes(SIZE, 11);
    private static final byte[] SMALL = randomBytes(10_000, 12);
    /** Every command the server got, as {@code VERB argument}, and every PASV answer. */
    private static final List<String> commands = new CopyOnWriteArrayList<>();
    private static final List<String> pasvAnswers = new CopyOnWriteArrayList<>();
    private static final AtomicInteger flakyOpens = new AtomicInteger();
    private static final CountDownLatch stopping = new CountDownLatch(1);

    @TempDir
    static Path home;
    @TempDir
    Path scratch;

    private static FtpServer server;
    private static int port;
    private HttpEngine engine;
    private final ByteArrayOutputStream stored = new ByteArrayOutputStream();
    private final BodySink sink = (body, length) -> body.transferTo(stored);

    @BeforeAll
    static void startServer() throws Exception {
        Files.write(home.resolve("file.bin"), FILE);
        Files.write(home.resolve("flaky.bin"), FILE);
        Files.write(home.resolve("silent.bin"), FILE);
        Files.createDirectories(home.resolve("pub"));
        Files.write(home.resolve("pub/small file.bin"), SMALL);

        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        // what the server's PASV answers name: an address nothing listens on, and not the server's
        data.setPassiveExternalAddress("127.0.0.2");
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener("default", listener.createListener());
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setAnonymousLoginEnabled(true);
        connections.setMaxAnonymousLogins(100);
        connections.setMaxLogins(100);
        factory.setConnectionConfig(connections.createConnectionConfig());
        factory.getUserManager().save(user("anonymous", null));
        factory.getUserManager().save(user("alice", "secret"));
        factory.setFileSystem(user -> new NativeFileSystemView(user, false) {
            @Override
            public FtpFile getFile(String file) {
                FtpFile real = super.getFile(file);
                if (real.getName().equals("silent.bin")) {
                    // sends its first 64 KiB, then nothing until the tests end
                    return new NativeFtpFile(real.getAbsolutePath(), (java.io.File) real.getPhysicalFile(), user) {
                        @Override
                        public InputStream createInputStream(long offset) throws IOException {
                            return silentAfter(super.createInputStream(offset), 64 * 1024);
                        }
                    };
                }
                if (!real.getName().equals("flaky.bin")) {
                    return real;
                }
                // the first transfer of flaky.bin breaks off half-way
                return new NativeFtpFile(real.getAbsolutePath(), (java.io.File) real.getPhysicalFile(), user) {
                    @Override
                    public InputStream createInputStream(long offset) throws IOException {
                        InputStream in = super.createInputStream(offset);
                        return flakyOpens.getAndIncrement() > 0 ? in : breakingAfter(in, SIZE / 2);
                    }
                };
            }
        });
        factory.setFtplets(new java.util.HashMap<>(java.util.Map.of("recorder", new DefaultFtplet() {
            @Override
            public FtpletResult afterCommand(FtpSession session, FtpRequest request, FtpReply reply)
                    throws FtpException, IOException {
                commands.add(request.getCommand() + (request.hasArgument() ? " " + request.getArgument() : ""));
                if (request.getCommand().equals("PASV")) {
                    pasvAnswers.add(reply.getMessage());
                }
                return super.afterCommand(session, request, reply);
            }
        })));
        server = factory.createServer();
        server.start();
        port = ((DefaultFtpServer) server).getListener("default").getPort();
    }

    @AfterAll
    static void stopServer() {
        stopping.countDown();
        server.stop();
    }

    @BeforeEach
    void forget() {
        commands.clear();
        pasvAnswers.clear();
    }

    @AfterEach
    void closeEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void fetchesAFileAnonymouslyInPassiveModeFromTheControlAddressWhateverPasvNames() throws Exception {
        FetchedFile file = engine(1).fetch(url("/pub/small%20file.bin"), sink, ProgressListener.NONE);

        assertThat(stored.toByteArray()).isEqualTo(SMALL);
        assertThat(file.name()).isEqualTo("small file.bin");
        assertThat(file.sha256()).isEqualTo(sha256(SMALL));
        assertThat(pasvAnswers).as("the server named another address").isNotEmpty()
                .allSatisfy(answer -> assertThat(answer).contains("127,0,0,2"));
        assertThat(commands).contains("TYPE I", "RETR pub/small file.bin");
    }

    @Test
    void aSlowFileIsFetchedInSegmentsEachASessionOpenedAtItsOffset() throws Exception {
        FetchedFile file = engine(4).fetch(url("/file.bin"), sink, ProgressListener.NONE);

        assertThat(stored.toByteArray()).isEqualTo(FILE);
        assertThat(file.sha256()).isEqualTo(sha256(FILE));
        assertThat(commands.stream().filter(c -> c.startsWith("REST ")).count())
                .as("further segments asked from their offsets").isGreaterThanOrEqualTo(3);
        assertThat(filesIn(scratch)).isZero();
    }

    @Test
    void aTransferThatBreaksOffIsResumedWhereItStopped() throws Exception {
        flakyOpens.set(0);
        FetchedFile file = engine(1).fetch(url("/flaky.bin"), sink, ProgressListener.NONE);

        assertThat(file.sha256()).isEqualTo(sha256(FILE));
        assertThat(flakyOpens.get()).isEqualTo(2);
        assertThat(commands).anySatisfy(c -> assertThat(c).matches("REST [1-9][0-9]*"));
    }

    @Test
    void aCheckpointedFileIsCarriedOnFromItsCheckpointWithRest() throws Exception {
        String[] validator = new String[1];
        BodySink telling = new BodySink() {
            @Override
            public Checkpoints resumable(String heldTo, long length) {
                validator[0] = heldTo;
                return Checkpoints.none();
            }

            @Override
            public void store(InputStream body, long length) throws IOException {
                body.transferTo(OutputStream.nullOutputStream());
            }
        };
        engine(1).fetch(url("/file.bin"), telling, ProgressListener.NONE);
        assertThat(validator[0]).as("modification time and size").matches("\\d{14}(\\.\\d+)?/" + SIZE);
        commands.clear();
        int offset = 1024 * 1024;
        Resume resume = new Resume(offset, SIZE, validator[0], new ByteArrayInputStream(FILE, 0, offset));

        HttpEngine.Fetch fetch = engine(1).fetch(List.of(url("/file.bin")), null, Expected.NOTHING, sink,
                ProgressListener.NONE, resume);

        assertThat(resume.wasTaken()).isTrue();
        assertThat(stored.toByteArray()).isEqualTo(FILE);
        assertThat(fetch.file().sha256()).as("of the whole file, the stored prefix included").isEqualTo(sha256(FILE));
        assertThat(commands).contains("REST " + offset).noneMatch(c -> c.matches("REST [0-9]+")
                && Long.parseLong(c.substring(5)) < offset);
    }

    @Test
    void aCheckpointOfAFileThatChangedSinceIsNotCarriedOnFrom() throws Exception {
        Resume resume = new Resume(1024 * 1024, SIZE, "19700101000000/" + SIZE,
                new ByteArrayInputStream(new byte[1024 * 1024]));

        HttpEngine.Fetch fetch = engine(1).fetch(List.of(url("/file.bin")), null, Expected.NOTHING, sink,
                ProgressListener.NONE, resume);

        assertThat(resume.wasTaken()).isFalse();
        assertThat(fetch.file().sha256()).as("fetched again whole, never mixed with the checkpoint's bytes")
                .isEqualTo(sha256(FILE));
    }

    @Test
    void theServersRefusalsAreToldApart() {
        DownloadException missing = catchThrowableOfType(DownloadException.class,
                () -> engine(1).fetch(url("/no-such.bin"), sink, ProgressListener.NONE));
        assertThat(missing.type()).isEqualTo(FailureType.ORIGIN_FTP_REPLY);
        assertThat(missing.detail()).contains("550");

        DownloadException login = catchThrowableOfType(DownloadException.class, () -> engine(1).fetch(
                URI.create("ftp://alice:wrong@127.0.0.1:" + port + "/file.bin"), sink, ProgressListener.NONE));
        assertThat(login.type()).isEqualTo(FailureType.ORIGIN_FTP_REPLY);
        assertThat(login.detail()).contains("login as alice refused");

        DownloadException blocked = catchThrowableOfType(DownloadException.class, () -> engine(1).fetch(
                URI.create("ftp://127.0.0.3:" + port + "/file.bin"), sink, ProgressListener.NONE));
        assertThat(blocked.type()).isEqualTo(FailureType.BLOCKED_ADDRESS);
    }

    @Test
    void aServerSilentForTheStallTimeoutFailsStalledBeforeItsDataTimeout() {
        engine = new HttpEngine(new DestinationGuard(Allowlist.parse(List.of("127.0.0.1:" + port))),
                new HttpEngineProperties(Duration.ofSeconds(2), Duration.ofSeconds(30), 5, "ftp-it",
                        DataSize.ofKilobytes(1), Duration.ofSeconds(60)),
                scratch, Engine.ALL, FILE.length, Duration.ofMillis(500));

        DownloadException stalled = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> catchThrowableOfType(
                DownloadException.class, () -> engine.fetch(url("/silent.bin"), sink, ProgressListener.NONE)));

        assertThat(stalled.type()).isEqualTo(FailureType.STALLED);
        // the server's own buffers keep back part of what it read before falling silent
        assertThat(stalled.detail()).matches("nothing arrived from the origin for 500 ms spent waiting on it; "
                + "gave up after \\d+ bytes");
    }

    @Test
    void aFileWhoseSizeIsAboveTheLargestObjectIsRefusedBeforeItsBodyIsRead() {
        engine = new HttpEngine(new DestinationGuard(Allowlist.parse(List.of("127.0.0.1:" + port))),
                new HttpEngineProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), 5, "ftp-it",
                        DataSize.ofKilobytes(1), Duration.ofSeconds(5)),
                scratch, Engine.ALL, FILE.length - 1, Duration.ZERO);

        DownloadException tooLarge = catchThrowableOfType(DownloadException.class,
                () -> engine.fetch(url("/file.bin"), sink, ProgressListener.NONE));

        assertThat(tooLarge.type()).isEqualTo(FailureType.TOO_LARGE);
        assertThat(tooLarge.detail()).contains(String.valueOf(FILE.length));
        assertThat(stored.size()).as("nothing reached the sink").isZero();
    }

    @Test
    void aUserAndPasswordInTheUrlLogIn() throws Exception {
        FetchedFile file = engine(1).fetch(URI.create("ftp://alice:secret@127.0.0.1:" + port + "/pub/small%20file.bin"),
                sink, ProgressListener.NONE);

        assertThat(file.sha256()).isEqualTo(sha256(SMALL));
        assertThat(commands).contains("USER alice");
    }

    private HttpEngine engine(int connections) {
        engine = new HttpEngine(new DestinationGuard(Allowlist.parse(List.of("127.0.0.1:" + port))),
                new HttpEngineProperties(Duration.ofSeconds(2), Duration.ofSeconds(5), 5, "ftp-it",
                        DataSize.ofKilobytes(1), Duration.ofSeconds(5), connections, 16, DataSize.ofKilobytes(128),
                        Duration.ZERO, DataSize.ofTerabytes(1)),
                scratch);
        return engine;
    }

    private static URI url(String path) {
        return URI.create("ftp://127.0.0.1:" + port + path);
    }

    private static BaseUser user(String name, String password) {
        BaseUser user = new BaseUser();
        user.setName(name);
        user.setPassword(password);
        user.setHomeDirectory(home.toString());
        user.setAuthorities(List.of(new ConcurrentLoginPermission(100, 100)));
        return user;
    }

    /** Gives {@code limit} bytes, then nothing until the tests end. */
    private static InputStream silentAfter(InputStream in, int limit) {
        return new FilterInputStream(in) {
            private int left = limit;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    try {
                        stopping.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return -1;
                }
                int n = super.read(b, off, Math.min(len, left));
                left -= Math.max(n, 0);
                return n;
            }
        };
    }

    /** Gives {@code limit} bytes, then fails as a disk or a server would mid-transfer. */
    private static InputStream breakingAfter(InputStream in, int limit) {
        return new FilterInputStream(in) {
            private int left = limit;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    throw new IOException("the server's disk failed");
                }
                int n = super.read(b, off, Math.min(len, left));
                left -= Math.max(n, 0);
                return n;
            }
        };
    }
}

package dev.cloudget.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The download client as a user runs it: its jar as a process of its own, talking to the whole system through the
 * gateway. add --wait and a segmented get; a get killed with kill -9 half-way and run again, its bytes counted by a
 * SOCKS proxy the client sends every connection through (--proxy); watch on a pseudo-terminal; the statistics report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DownloadClientIT {

    private static final long MIB = 1 << 20;
    private static final long BIG = 256 * MIB;
    /**
     * The client cuts a file of 256 MiB fetched over 8 connections into segments of 8 MiB: about 64 per file would be
     * 4 MiB, but a segment is at least 1 MiB per connection (what a killed run can have had in flight).
     */
    private static final long BIG_SEGMENT = 8 * MIB;
    private static final Duration CLIENT_TIMEOUT = Duration.ofMinutes(4);

    private static CloudgetSystem system;
    private static Api carol;
    private static Path jar;

    @TempDir
    static Path home;

    @BeforeAll
    static void startSystem() throws Exception {
        system = CloudgetSystem.get();
        carol = new Api(system.gateway(), "carol");
        Path root = Path.of(System.getProperty("cloudget.root", "..")).toAbsolutePath().normalize();
        jar = root.resolve("download-client/target/download-client-"
                + System.getProperty("cloudget.version", "0.1.0-SNAPSHOT") + ".jar");
        assertThat(jar).as("the client's jar (mvn install builds it)").isRegularFile();
    }

    @Test
    @Order(1)
    void addWaitsForTheCloudThenGetDownloadsOverEightConnectionsWithTheRightSha256() throws Exception {
        Origin.ServedFile file = system.origin().serve("client-fresh.bin", 24 * MIB, 901);
        Path into = Files.createDirectories(home.resolve("fresh"));

        Run added = client(List.of(), "add", system.origin().url("/files/client-fresh.bin").toString(), "--wait",
                "--json");

        assertThat(added.exit()).as(added.toString()).isZero();
        JsonNode task = Api.JSON.readTree(added.stdout());
        assertThat(task.path("status").asString()).isEqualTo("COMPLETED");
        String id = task.path("id").asString();

        Run got = client(List.of(), "get", id, "-c", "8", "-o", into.toString(), "--json");

        assertThat(got.exit()).as(got.toString()).isZero();
        assertThat(Api.sha256Of(Files.newInputStream(into.resolve("client-fresh.bin")))).isEqualTo(file.sha256());
        JsonNode result = Api.JSON.readTree(got.stdout()).path("files").get(0);
        assertThat(result.path("bytes").asLong()).isEqualTo(24 * MIB);
        assertThat(result.path("connections").asInt()).isEqualTo(8);
        assertThat(got.stderr()).as("no warning: the report was taken").isEmpty();
        try (var left = Files.list(into)) {
            assertThat(left).containsExactly(into.resolve("client-fresh.bin"));
        }
    }

    @Test
    @Order(2)
    void aGetKilledHalfWayResumesAndFetchesAtMostOneSegmentMoreThanTheFile() throws Exception {
        Origin.ServedFile file = system.origin().serve("client-resume.bin", BIG, 902);
        JsonNode task = carol.awaitTerminal(carol.submitUrl(system.origin().url("/files/client-resume.bin"),
                "carol@example.test").body().path("id").asString(), Duration.ofMinutes(4));
        assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("COMPLETED");
        String id = task.path("id").asString();
        Path into = Files.createDirectories(home.resolve("resume"));
        Path part = into.resolve("client-resume.bin.part");

        try (CountingSocksProxy proxy = CountingSocksProxy.start()) {
            Process first = start("get", id, "-c", "8", "-o", into.toString(), proxy.clientOptions().get(0),
                    proxy.clientOptions().get(1));
            await("40% of the file through the proxy").atMost(CLIENT_TIMEOUT).pollInterval(Duration.ofMillis(5))
                    .until(() -> proxy.bytesToClients() >= BIG * 4 / 10 || !first.isAlive());
            first.destroyForcibly(); // kill -9: nothing in the client runs after this
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long firstRun = proxy.bytesToClients();
            assertThat(firstRun).as("killed half-way, not after it finished").isLessThan(BIG);
            assertThat(part).exists();
            assertThat(into.resolve("client-resume.bin.part.segments")).exists();
            assertThat(into.resolve("client-resume.bin")).doesNotExist();

            Run again = client(List.of(), "get", id, "-c", "8", "-o", into.toString(), "--json",
                    proxy.clientOptions().get(0), proxy.clientOptions().get(1));

            assertThat(again.exit()).as(again.toString()).isZero();
            assertThat(Api.sha256Of(Files.newInputStream(into.resolve("client-resume.bin")))).isEqualTo(file.sha256());
            JsonNode result = Api.JSON.readTree(again.stdout()).path("files").get(0);
            long total = proxy.bytesToClients();
            System.out.printf("[client] resume of %d bytes: first run %d bytes through the proxy (killed), second "
                            + "run %d (client says %d fetched, %d on disk before), total %d = size + %d%n", BIG,
                    firstRun, total - firstRun, result.path("bytes").asLong(), result.path("resumedFrom").asLong(),
                    total, total - BIG);
            assertThat(result.path("resumedFrom").asLong()).isPositive();
            assertThat(result.path("resumedFrom").asLong() + result.path("bytes").asLong()).isEqualTo(BIG);
            // everything the client received in both runs, responses to its API calls included
            assertThat(total).isBetween(BIG, BIG + BIG_SEGMENT);
            assertThat(part).doesNotExist();
        }
    }

    @Test
    @Order(3)
    void watchDrawsALiveProgressBarOnATerminal() throws Exception {
        system.origin().serve("client-watch.bin", 48 * MIB, 903);
        // over a link of 8 MiB/s: several seconds of progress to draw
        String id = carol.submitUrl(system.origin().url("/trickle/files/client-watch.bin"), "carol@example.test")
                .body().path("id").asString();
        String command = String.join(" ", javaCommand(List.of())) + " watch " + id;

        Run watched = run(List.of("script", "-qfec", command, "/dev/null"));

        assertThat(watched.exit()).as(watched.toString()).isZero();
        String screen = watched.stdout();
        // each redraw goes back to the start of the line: the bar, its percent, speed and ETA
        assertThat(screen.split("\rtask " + id, -1).length - 1).as(screen).isGreaterThanOrEqualTo(2);
        assertThat(screen).containsPattern("\rtask " + id + " \\[=*>? *\\] +\\d+%  .* (?:B|KiB|MiB|GiB)/s  ETA (?:\\d+:\\d\\d|--:--)  DOWNLOADING")
                .contains("[========================] 100%").contains("COMPLETED");
    }

    @Test
    @Order(4)
    void reportsEveryDownloadToStatistics() {
        // carol's own figures: the client reported under her token
        await("the client's reports in the statistics").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    Api.Reply summary = carol.get("/api/v1/stats/summary");
                    assertThat(summary.status()).as(summary.body().toString()).isEqualTo(200);
                    assertThat(summary.body().path("downloads").path("reports").asLong()).isGreaterThanOrEqualTo(1);
                    assertThat(summary.body().path("downloads").path("bytes").asLong()).isPositive();
                });
    }

    @Test
    @Order(5)
    void anUnknownTaskIsOneErrorLineAndExitCodeThree() throws Exception {
        Run status = client(List.of(), "status", UUID.randomUUID().toString());
        Run unauthorized = run(javaCommand(List.of()), Map.of("CLOUDGET_TOKEN", "not-a-token"), "ls");

        assertThat(status.exit()).as(status.toString()).isEqualTo(3);
        assertThat(status.stderr()).startsWith("error: ").doesNotContain("Exception").hasLineCount(1);
        assertThat(unauthorized.exit()).as(unauthorized.toString()).isEqualTo(5);
    }

    // ---- running the client

    record Run(int exit, String stdout, String stderr) {
    }

    private static Run client(List<String> jvmOptions, String... args) throws Exception {
        return run(javaCommand(jvmOptions), Map.of(), args);
    }

    private static Run run(List<String> command, Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(command);
        all.addAll(List.of(args));
        return run(all, env);
    }

    private static Run run(List<String> command) throws Exception {
        return run(command, Map.of());
    }

    private static Run run(List<String> command, Map<String, String> env) throws Exception {
        Process process = processBuilder(command, env).start();
        process.getOutputStream().close();
        try (var streams = Executors.newVirtualThreadPerTaskExecutor()) {
            var out = streams.submit(() -> new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            var err = streams.submit(() -> new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            if (!process.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within " + CLIENT_TIMEOUT);
            }
            return new Run(process.exitValue(), out.get(), err.get());
        }
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(javaCommand(List.of()));
        command.addAll(List.of(args));
        return processBuilder(command, Map.of()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static ProcessBuilder processBuilder(List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CLOUDGET_GATEWAY", system.gateway().toString());
        builder.environment().put("CLOUDGET_TOKEN", CloudgetSystem.tokenFor("carol"));
        // the client's login file, if any, lives here and not in the home of whoever runs the tests
        builder.environment().put("HOME", home.toString());
        builder.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().putAll(env);
        return builder;
    }

    private static List<String> javaCommand(List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx128m");
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        return command;
    }

    /**
     * A SOCKS5 proxy on loopback (no authentication, CONNECT only) that counts every byte that goes from the servers
     * to its clients. A client started with {@link #clientOptions} sends all its connections through it — to the
     * gateway and to every entry address alike — so the count is what the client received, measured outside it.
     */
    static final class CountingSocksProxy implements AutoCloseable {

        private final ServerSocket server;
        private final AtomicLong toClients = new AtomicLong();
        private final java.util.concurrent.ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

        private CountingSocksProxy(ServerSocket server) {
            this.server = server;
        }

        static CountingSocksProxy start() throws IOException {
            CountingSocksProxy proxy = new CountingSocksProxy(
                    new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
            proxy.threads.submit(proxy::accept);
            return proxy;
        }

        List<String> clientOptions() {
            return List.of("--proxy", "socks5://127.0.0.1:" + server.getLocalPort());
        }

        long bytesToClients() {
            return toClients.get();
        }

        private Void accept() {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    // what is counted is what was handed to the client's connection: little waits in this side's buffer
                    client.setSendBufferSize(64 * 1024);
                    threads.submit(() -> serve(client));
                } catch (IOException closed) {
                    return null;
                }
            }
            return null;
        }

        private Void serve(Socket client) throws IOException {
            try (client) {
                DataInputStream in = new DataInputStream(client.getInputStream());
                OutputStream out = client.getOutputStream();
                // greeting: version 5, the methods offered; we take "no authentication"
                in.readUnsignedByte();
                in.readNBytes(in.readUnsignedByte());
                out.write(new byte[] {5, 0});
                // request: version, CONNECT, reserved, address type, address, port
                in.readUnsignedByte();
                int command = in.readUnsignedByte();
                in.readUnsignedByte();
                String host = switch (in.readUnsignedByte()) {
                    case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
                    case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
                    case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
                    default -> throw new IOException("unknown SOCKS address type");
                };
                int port = in.readUnsignedShort();
                if (command != 1) {
                    out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
                    return null;
                }
                try (Socket target = new Socket()) {
                    target.connect(new InetSocketAddress(host, port), 5_000);
                    out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
                    out.flush();
                    var upstream = threads.submit(() -> pipe(client.getInputStream(), target.getOutputStream(), null,
                            target));
                    pipe(target.getInputStream(), out, toClients, client);
                    upstream.cancel(true);
                }
            }
            return null;
        }

        private static Void pipe(InputStream from, OutputStream to, AtomicLong counter, Socket closeAfter) {
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int read; (read = from.read(buffer)) != -1; ) {
                    to.write(buffer, 0, read);
                    to.flush();
                    if (counter != null) {
                        counter.addAndGet(read);
                    }
                }
            } catch (IOException gone) {
                // one side went away: the other is closed below
            } finally {
                try {
                    closeAfter.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            server.close();
            threads.shutdownNow();
        }
    }
}

package dev.cloudget.system.swarm;

import dev.cloudget.system.LocalProcess;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A BitTorrent swarm on loopback for tests: Debian's opentracker (whitelist-only) and aria2c seeders, all bound to
 * one loopback address, plus the payloads and torrents (made with mktorrent) they share. Payload bytes come from a
 * seeded {@link Random}, so a test knows every file's SHA-256 from the bytes the fixture wrote, and the info-hash
 * from the torrent's own bytes. Every process is a child of this JVM, stopped by PID in {@link #close()}; logs
 * are in the swarm's directory ({@code system-tests/target/system/swarm/<label>} by default).
 *
 * <pre>{@code
 * try (Swarm swarm = Swarm.start("album")) {
 *     Torrent album = swarm.directory("album", 7, PayloadFile.of("a.bin", 1 << 20), PayloadFile.of("d/b.bin", 5000));
 *     Seeders seeders = swarm.seed(album, 3);
 *     ... album.magnet(), album.metainfo(), seeders.uploadedBytes(), seeders.stop() ...
 * }
 * }</pre>
 */
public final class Swarm implements AutoCloseable {

    /**
     * The loopback address the system tests' swarm binds to. Not 127.0.0.1, so that the download worker's allowlist
     * can open exactly the swarm ({@code 127.0.0.3/32}, every port: seeders' ports are chosen later) while 127.0.0.1
     * stays open only on the origin's port and the rest of 127.0.0.0/8 stays refused, as HttpDownloadIT checks.
     */
    public static final String HOST = "127.0.0.3";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Path payloadDir;
    private final Path trackerDir;
    private final String host;
    private final int trackerPort;
    private final String rpcSecret = UUID.randomUUID().toString();
    private final Set<String> whitelist = new LinkedHashSet<>();
    private final List<Seeders> seeders = new ArrayList<>();
    private final List<LocalProcess> leechers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private LocalProcess tracker;
    private int processCount;

    private Swarm(Path dir, String host, int trackerPort) {
        this.dir = dir;
        this.payloadDir = dir.resolve("payload");
        this.trackerDir = dir.resolve("tracker");
        this.host = host;
        this.trackerPort = trackerPort;
    }

    /** A swarm on {@link #HOST} in {@code system-tests/target/system/swarm/<label>} (emptied first). */
    public static Swarm start(String label) {
        Path root = Path.of(System.getProperty("cloudget.root", "..")).toAbsolutePath().normalize();
        return start(root.resolve("system-tests/target/system/swarm").resolve(label), HOST);
    }

    /** A swarm whose tracker and seeders bind to {@code host} (a loopback address), working in {@code dir}. */
    public static Swarm start(Path dir, String host) {
        requireTools();
        try {
            stopLeftoversOfAnEarlierRun(dir);
            deleteRecursively(dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Swarm swarm = new Swarm(dir, host, freePort(host));
        try {
            swarm.startTracker();
        } catch (RuntimeException | Error e) {
            swarm.close();
            throw e;
        }
        return swarm;
    }

    public String host() {
        return host;
    }

    public int trackerPort() {
        return trackerPort;
    }

    public String announceUrl() {
        return "http://" + host + ":" + trackerPort + "/announce";
    }

    public Path dir() {
        return dir;
    }

    /** A single-file torrent of {@code size} random bytes from {@code seed}, whitelisted on the tracker. */
    public Torrent singleFile(String name, long size, long seed) {
        Path target = payloadDir.resolve(name);
        Map<String, Written> written = new LinkedHashMap<>();
        written.put(name, write(target, size, new Random(seed)));
        return makeTorrent(name, target, written);
    }

    /** A directory torrent named {@code name} holding {@code files} of random bytes from {@code seed}. */
    public Torrent directory(String name, long seed, PayloadFile... files) {
        Path target = payloadDir.resolve(name);
        Random random = new Random(seed);
        Map<String, Written> written = new LinkedHashMap<>();
        for (PayloadFile file : files) {
            written.put(file.path(), write(target.resolve(file.path()), file.size(), random));
        }
        return makeTorrent(name, target, written);
    }

    /**
     * Lets the tracker serve {@code infoHash} (it refuses unlisted hashes): for a torrent no one seeds, such as a
     * magnet whose metadata must time out. Torrents made by this swarm are allowed already.
     */
    public void allow(String infoHash) {
        String hex = infoHash.toLowerCase(java.util.Locale.ROOT);
        if (!hex.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("not a hex info-hash: " + infoHash);
        }
        synchronized (whitelist) {
            if (!whitelist.add(hex)) {
                return;
            }
            writeWhitelist();
        }
        run(List.of("kill", "-HUP", String.valueOf(tracker.pid())), Duration.ofSeconds(5));
        Awaitility.await("tracker reloaded its whitelist with " + hex)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> trackerAuthorises(hex));
    }

    /** Starts {@code count} aria2c seeders of {@code torrent} and waits until the tracker lists them all. */
    public Seeders seed(Torrent torrent, int count) {
        return seed(torrent, count, 0);
    }

    /**
     * Like {@link #seed(Torrent, int)}, each seeder uploading at most {@code uploadLimitBytesPerSecond} (0 = no
     * limit): slow enough that a test can act in the middle of a download.
     */
    public Seeders seed(Torrent torrent, int count, long uploadLimitBytesPerSecond) {
        List<Seeders.Seeder> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int peerPort = freePort(host);
            int rpcPort = freePort("127.0.0.1");
            List<String> command = new ArrayList<>(List.of("aria2c", "--no-conf=true",
                    "--check-integrity=true",      // verify the copy, then seed it
                    "--seed-ratio=0.0",            // seed forever (never --seed-time=0: that stops seeding)
                    "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
                    "--enable-peer-exchange=false", "--disable-ipv6=true",
                    "--listen-port=" + peerPort, "--interface=" + host, "--bt-external-ip=" + host,
                    "--enable-rpc=true", "--rpc-listen-all=false", "--rpc-listen-port=" + rpcPort,
                    "--rpc-secret=" + rpcSecret,
                    "--dir=" + payloadDir, "--summary-interval=0", "--console-log-level=notice"));
            if (uploadLimitBytesPerSecond > 0) {
                command.add("--max-overall-upload-limit=" + uploadLimitBytesPerSecond);
            }
            command.add(torrent.file().toString());
            String name = "seeder-" + torrent.name() + "-" + (i + 1);
            started.add(new Seeders.Seeder(startProcess(name, command), peerPort, rpcPort));
        }
        Seeders group = new Seeders(torrent, started, rpcSecret);
        synchronized (seeders) {
            seeders.add(group);
        }
        Awaitility.await(count + " seeders of " + torrent.name() + " seeding and announced")
                .atMost(READY_TIMEOUT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> group.allSeeding() && seedersOnTracker(torrent.infoHash()) >= count);
        return group;
    }

    /** Stops every seeder of every torrent of this swarm at once (see {@link Seeders#stop()}). */
    public void stopSeeders() {
        synchronized (seeders) {
            seeders.forEach(Seeders::stop);
        }
    }

    /** How many complete peers (seeders) the tracker lists for {@code infoHash}, from its scrape answer. */
    public int seedersOnTracker(String infoHash) {
        URI scrape = URI.create("http://" + host + ":" + trackerPort + "/scrape?info_hash=" + percentEncoded(infoHash));
        Object answer = Bencode.decode(get(scrape)).value();
        if (answer instanceof Map<?, ?> top && top.get("files") instanceof Map<?, ?> files && !files.isEmpty()
                && files.values().iterator().next() instanceof Map<?, ?> stats
                && stats.get("complete") instanceof Long complete) {
            return complete.intValue();
        }
        return 0;
    }

    /**
     * Downloads {@code source} (a {@code .torrent} path or a magnet link) with an aria2c leecher into {@code into},
     * as a user of the swarm would; returns aria2c's exit code (0 = every file complete and verified).
     */
    public int fetchWithAria2c(String source, Path into, Duration timeout) {
        try {
            Files.createDirectories(into);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of("aria2c", "--no-conf=true",
                "--seed-time=0",                    // a leecher: stop once complete
                "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
                "--enable-peer-exchange=false", "--disable-ipv6=true",
                "--listen-port=" + freePort(host), "--interface=" + host, "--bt-external-ip=" + host,
                "--bt-save-metadata=false", "--bt-stop-timeout=" + Math.max(5, timeout.toSeconds() - 2),
                "--dir=" + into, "--summary-interval=0", "--console-log-level=notice", source);
        LocalProcess leecher = startProcess("leecher", command);
        synchronized (leechers) {
            leechers.add(leecher);
        }
        try {
            int exit = leecher.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exit < 0) {
                leecher.close();
            }
            return exit;
        } catch (InterruptedException e) {
            leecher.close();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void startTracker() {
        writeWhitelist();
        List<String> command = new ArrayList<>(List.of("opentracker", "-i", host, "-p", String.valueOf(trackerPort),
                "-P", String.valueOf(trackerPort)));
        if (isRoot()) {
            // as root opentracker chroots to -d and drops to nobody; it reads the whitelist after the chroot
            command.addAll(List.of("-d", trackerDir.toString(), "-w", "/whitelist.txt"));
        } else {
            // chroot needs root: without it the path inside -d would not resolve, so name the file itself
            command.addAll(List.of("-w", trackerDir.resolve("whitelist.txt").toString()));
        }
        tracker = startProcess("tracker", command);
        Awaitility.await("opentracker on " + host + ":" + trackerPort)
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!tracker.isAlive()) {
                        throw new IllegalStateException("opentracker exited:\n" + tracker.tail());
                    }
                    return answers(host, trackerPort);
                });
    }

    private Torrent makeTorrent(String name, Path target, Map<String, Written> written) {
        long total = written.values().stream().mapToLong(Written::size).sum();
        Path file = dir.resolve("torrents").resolve(name + ".torrent");
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run(List.of("mktorrent", "--no-date", "--piece-length=" + pieceLengthExponent(total),
                "--announce=" + announceUrl(), "--name=" + name, "--output=" + file, "--threads=2",
                target.toString()), Duration.ofMinutes(2));
        byte[] metainfo;
        try {
            metainfo = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Torrent torrent = describe(name, metainfo, file, written);
        allow(torrent.infoHash());
        return torrent;
    }

    /** What the test knows of a torrent: info-hash from the info dictionary's bytes, files in their order there. */
    private Torrent describe(String name, byte[] metainfo, Path file, Map<String, Written> written) {
        Bencode.Decoded decoded = Bencode.decode(metainfo);
        if (decoded.infoStart() < 0) {
            throw new IllegalStateException(file + " has no info dictionary");
        }
        String infoHash = HexFormat.of().formatHex(digest("SHA-1").digest(
                Arrays.copyOfRange(metainfo, decoded.infoStart(), decoded.infoEnd())));
        Map<?, ?> info = (Map<?, ?>) ((Map<?, ?>) decoded.value()).get("info");
        long pieceLength = (Long) info.get("piece length");
        List<Torrent.TorrentFile> files = new ArrayList<>();
        boolean multiFile = info.get("files") instanceof List<?>;
        if (multiFile) {
            for (Object entry : (List<?>) info.get("files")) {
                Map<?, ?> fileEntry = (Map<?, ?>) entry;
                List<String> segments = ((List<?>) fileEntry.get("path")).stream()
                        .map(segment -> new String((byte[]) segment, StandardCharsets.UTF_8)).toList();
                String path = String.join("/", segments);
                files.add(knownFile(files.size(), path, (Long) fileEntry.get("length"), written));
            }
        } else {
            files.add(knownFile(0, name, (Long) info.get("length"), written));
        }
        return new Torrent(name, infoHash, metainfo, file, announceUrl(), pieceLength, multiFile, files);
    }

    private static Torrent.TorrentFile knownFile(int index, String path, long length, Map<String, Written> written) {
        Written file = written.get(path);
        if (file == null || file.size() != length) {
            throw new IllegalStateException("mktorrent listed " + path + " (" + length + " bytes), not what was written: "
                    + written.keySet());
        }
        return new Torrent.TorrentFile(index, path, length, file.sha256(), file.path());
    }

    /** About 1000 to 1500 pieces, between 32 KiB (mktorrent's smallest) and 4 MiB. */
    static int pieceLengthExponent(long totalSize) {
        int exponent = 15;
        while (exponent < 22 && totalSize / (1L << exponent) > 1500) {
            exponent++;
        }
        return exponent;
    }

    private record Written(Path path, long size, String sha256) {
    }

    private static Written write(Path path, long size, Random random) {
        try {
            Files.createDirectories(path.getParent());
            MessageDigest sha256 = digest("SHA-256");
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(path), sha256)) {
                byte[] chunk = new byte[1 << 16];
                for (long left = size; left > 0; ) {
                    random.nextBytes(chunk);
                    int n = (int) Math.min(chunk.length, left);
                    out.write(chunk, 0, n);
                    left -= n;
                }
            }
            return new Written(path, size, HexFormat.of().formatHex(sha256.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean trackerAuthorises(String infoHash) {
        // a "stopped" announce of a peer the tracker never saw: answers without registering anyone
        URI announce = URI.create(announceUrl() + "?info_hash=" + percentEncoded(infoHash)
                + "&peer_id=-CG0000-swarmfixture&port=1&uploaded=0&downloaded=0&left=0&event=stopped&numwant=0"
                + "&compact=1");
        Object answer = Bencode.decode(get(announce)).value();
        return answer instanceof Map<?, ?> map && !map.containsKey("failure reason");
    }

    private void writeWhitelist() {
        try {
            Files.createDirectories(trackerDir);
            Path next = trackerDir.resolve("whitelist.txt.next");
            Files.writeString(next, whitelist.stream().map(hash -> hash + "\n").reduce("", String::concat));
            Files.move(next, trackerDir.resolve("whitelist.txt"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private LocalProcess startProcess(String name, List<String> command) {
        String unique = name + "-" + (++processCount);
        LocalProcess process = LocalProcess.start(unique, command, dir.resolve("logs").resolve(unique + ".log"));
        try {
            // the marker (this swarm's directory) lets a later run stop only processes that are really ours
            Files.writeString(dir.resolve("pids"), process.pid() + "\n", java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return process;
    }

    private byte[] get(URI uri) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a short tool to its end; fails with its output when it fails. */
    private void run(List<String> command, Duration timeout) {
        LocalProcess process = LocalProcess.start(command.getFirst(), command,
                dir.resolve("logs").resolve(command.getFirst() + ".log"));
        try {
            int exit = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (exit != 0) {
                process.close();
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " + exit + "):\n"
                        + process.tail());
            }
        } catch (InterruptedException e) {
            process.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String percentEncoded(String infoHash) {
        StringBuilder encoded = new StringBuilder();
        for (int i = 0; i < infoHash.length(); i += 2) {
            encoded.append('%').append(infoHash, i, i + 2);
        }
        return encoded.toString();
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A TCP port free on {@code host} right now. */
    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void requireTools() {
        for (String tool : List.of("aria2c", "opentracker", "mktorrent")) {
            boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                    .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
            if (!found) {
                throw new IllegalStateException(tool + " is not installed: the BitTorrent system tests need aria2c, "
                        + "opentracker and mktorrent (./cloudget test installs them as root; Debian packages aria2, "
                        + "opentracker, mktorrent)");
            }
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A test JVM that was killed leaves its swarm running; stop those processes (only if they still are ours). */
    private static void stopLeftoversOfAnEarlierRun(Path dir) throws IOException {
        Path pids = dir.resolve("pids");
        if (!Files.exists(pids)) {
            return;
        }
        String marker = dir.toString();
        for (String line : Files.readAllLines(pids)) {
            if (line.isBlank()) {
                continue;
            }
            ProcessHandle.of(Long.parseLong(line.trim()))
                    .filter(process -> process.info().commandLine().orElse("").contains(marker))
                    .ifPresent(process -> {
                        process.destroyForcibly();
                        process.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> process).join();
                    });
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Stops every leecher, seeder and the tracker (by PID: SIGTERM, then SIGKILL). Idempotent. */
    @Override
    public void close() {
        synchronized (leechers) {
            leechers.forEach(LocalProcess::close);
        }
        synchronized (seeders) {
            seeders.forEach(Seeders::close);
        }
        if (tracker != null) {
            tracker.close();
        }
    }
}

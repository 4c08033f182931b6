package dev.cloudget.system;

import dev.cloudget.system.swarm.Seeders;
import dev.cloudget.system.swarm.Swarm;
import dev.cloudget.system.swarm.Torrent;
import dev.cloudget.system.swarm.TorrentMother;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * BitTorrent through every service, driven only through the gateway, against a real swarm on loopback
 * (opentracker and aria2c seeders on {@link Swarm#HOST}, which the worker's allowlist opens): a {@code .torrent}
 * upload, a bare magnet, a file selection, dedup across users without peer traffic, a magnet nobody can resolve
 * and a swarm whose seeders all leave. Needs {@code WORKER_BT_STALL_TIMEOUT}, {@code SEEDS_MAGNET_DEADLINE} and
 * {@code WORKER_BT_DHT} as {@link CloudgetSystem} sets them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BitTorrentIT {

    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(3);
    /** The magnet deadline (15 s) and stall timeout (10 s) in tests, plus generous slack for two shared cores. */
    private static final Duration FAILURE_TIMEOUT = Duration.ofMinutes(2);

    private static CloudgetSystem system;
    private static Swarm swarm;
    private static Torrent album;
    private static Seeders albumSeeders;
    private static Torrent single;
    private static Torrent chosen;
    private static Seeders chosenSeeders;
    private static Api carol;
    private static Api dave;

    @BeforeAll
    static void startSystemAndSwarm() throws Exception {
        system = CloudgetSystem.get();
        // after the system: its start empties system-tests/target/system (all but swarm/)
        swarm = Swarm.start("bittorrent-it");
        album = TorrentMother.fiveFiles(swarm, "album", 21);
        albumSeeders = swarm.seed(album, 3);
        single = TorrentMother.singleFile(swarm, "single.bin", 6_000_000, 22);
        swarm.seed(single, 2);
        chosen = TorrentMother.fiveFiles(swarm, "chosen", 23);
        chosenSeeders = swarm.seed(chosen, 3);
        carol = new Api(system.gateway(), "carol");
        dave = new Api(system.gateway(), "dave");
    }

    @AfterAll
    static void stopSwarm() {
        if (swarm != null) {
            swarm.close();
        }
    }

    @Test
    @Order(1)
    void downloadsEveryFileOfAnUploadedTorrentFromTheSwarm() throws Exception {
        Api.Reply uploaded = carol.uploadTorrent(album.metainfo());

        assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
        JsonNode seed = uploaded.body();
        assertThat(seed.path("infoHash").asString()).isEqualToIgnoringCase(album.infoHash());
        assertThat(seed.path("state").asString()).isEqualTo("READY");
        assertThat(seed.path("name").asString()).isEqualTo("album");
        assertThat(seed.path("totalSize").asLong()).isEqualTo(album.totalSize());
        assertThat(seed.path("pieceLength").asLong()).isEqualTo(album.pieceLength());
        assertThat(seed.path("trackers").toString()).contains(album.announce());
        assertThat(seed.path("files")).hasSize(album.files().size());
        for (Torrent.TorrentFile file : album.files()) {
            JsonNode listed = seed.path("files").get(file.index());
            assertThat(listed.path("index").asInt()).isEqualTo(file.index());
            assertThat(listed.path("size").asLong()).isEqualTo(file.size());
            assertThat(isPathOf(listed.path("path").asString(), file)).as(listed.toString()).isTrue();
        }
        String seedId = seed.path("seedId").asString();
        Api.Reply again = carol.uploadTorrent(album.metainfo());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("seedId").asString()).isEqualTo(seedId);

        Api.Reply submitted = carol.submit(Map.of("seedId", seedId));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        JsonNode done = carol.awaitTerminal(submitted.body().path("id").asString(), DOWNLOAD_TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertStoredExactly(done, album.files());
        assertThat(albumSeeders.uploadedBytes()).as("bytes the seeders uploaded").isGreaterThanOrEqualTo(
                album.totalSize());

        Torrent.TorrentFile video = fileAt(album, "video.bin");
        HttpResponse<InputStream> fromTheCloud = carol.download(storedFile(done, video).path("entryUrl").asString(),
                Map.of(), "GET");
        assertThat(fromTheCloud.statusCode()).isEqualTo(200);
        assertThat(Api.sha256Of(fromTheCloud.body())).isEqualTo(video.sha256());

        assertZipHoldsExactly(done, album.files());
    }

    /**
     * The task's files as one ZIP, from its {@code zipUrl} with no header and from the bearer form, which redirects
     * there: Info-ZIP's {@code unzip -t} finds no error, and every member has its file's path and SHA-256.
     */
    private static void assertZipHoldsExactly(JsonNode task, List<Torrent.TorrentFile> expected) throws Exception {
        Path dir = Files.createTempDirectory("bittorrent-it-zip");
        Path zip = dir.resolve("task.zip");
        String zipUrl = task.path("zipUrl").asString();
        assertThat(zipUrl).as(task.toString()).contains("/z/" + task.path("id").asString() + "/album.zip?");
        HttpResponse<InputStream> bearer = carol.download(
                system.gateway().resolve("/api/v1/tasks/" + task.path("id").asString() + "/zip").toString(),
                Map.of(), "GET");
        assertThat(bearer.statusCode()).isEqualTo(302);
        assertThat(bearer.headers().firstValue("Location")).hasValue(zipUrl);
        bearer.body().close();
        try (InputStream in = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(zipUrl)).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body()) {
            Files.copy(in, zip);
        }

        Process unzip = new ProcessBuilder("unzip", "-t", zip.toString()).redirectErrorStream(true).start();
        String report = new String(unzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unzip.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(unzip.exitValue()).as(report).isZero();
        Map<String, String> members = new HashMap<>();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(archive.entries())) {
                members.put(entry.getName(), Api.sha256Of(archive.getInputStream(entry)));
            }
        }
        assertThat(members).hasSize(expected.size());
        for (Torrent.TorrentFile file : expected) {
            String path = members.keySet().stream().filter(name -> name.equals(file.path())
                    || name.endsWith("/" + file.path())).findFirst().orElseThrow(() -> new AssertionError(
                    "no member for " + file.path() + " in " + members.keySet()));
            assertThat(members.get(path)).as(path).isEqualTo(file.sha256());
        }
        Files.delete(zip);
        Files.delete(dir);
    }

    @Test
    @Order(2)
    void downloadsAMagnetThatNamesOnlyItsInfoHashAndTracker() {
        Api.Reply submitted = carol.submit(Map.of("source", single.magnet()));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        JsonNode done = carol.awaitTerminal(submitted.body().path("id").asString(), DOWNLOAD_TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertStoredExactly(done, single.files());
        assertThat(done.path("files").get(0).path("path").asString()).isEqualTo("single.bin");
    }

    @Test
    @Order(3)
    void storesExactlyTheTwoSelectedFilesOfFive() {
        String seedId = carol.uploadTorrent(chosen.metainfo()).body().path("seedId").asString();
        Torrent.TorrentFile part = fileAt(chosen, "data/part-1.bin");
        Torrent.TorrentFile notes = fileAt(chosen, "extras/notes/read me later.txt");

        Api.Reply submitted = carol.submit(Map.of("seedId", seedId, "files", List.of(part.index(), notes.index())));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        JsonNode done = carol.awaitTerminal(submitted.body().path("id").asString(), DOWNLOAD_TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertStoredExactly(done, List.of(part, notes));
        // pieces straddling the selected files' edges come too, but far from the whole torrent
        assertThat(chosenSeeders.uploadedBytes()).isLessThan(chosen.totalSize());
    }

    @Test
    @Order(4)
    void answersAnotherUsersSubsetOfStoredFilesAtOnceWithoutPeerTraffic() {
        Api.Reply uploaded = dave.uploadTorrent(album.metainfo());
        assertThat(uploaded.status()).isIn(200, 201);
        Torrent.TorrentFile readme = fileAt(album, "README.txt");
        Torrent.TorrentFile video = fileAt(album, "video.bin");
        long uploadedBefore = albumSeeders.uploadedBytes();

        Api.Reply submitted = dave.submit(Map.of("seedId", uploaded.body().path("seedId").asString(),
                "files", List.of(readme.index(), video.index())));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        JsonNode task = dave.completedAtOnce(submitted.body());
        assertStoredExactly(task, List.of(readme, video));
        // the task is complete, so the decision is made; the hold catches a stray fetch started in the background
        await("no peer traffic").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> albumSeeders.uploadedBytes() == uploadedBefore);
    }

    @Test
    @Order(5)
    void failsAMagnetNoPeerCanResolveWithMetadataTimeout() {
        byte[] hash = new byte[20];
        new Random(24).nextBytes(hash);
        String infoHash = HexFormat.of().formatHex(hash);
        swarm.allow(infoHash); // the tracker answers, with no peers at all
        String magnet = "magnet:?xt=urn:btih:" + infoHash + "&tr="
                + URLEncoder.encode(swarm.announceUrl(), StandardCharsets.UTF_8);

        Api.Reply resolving = carol.resolveMagnet(magnet);

        assertThat(resolving.status()).as(resolving.body().toString()).isEqualTo(202);
        assertThat(resolving.body().path("infoHash").asString()).isEqualToIgnoringCase(infoHash);
        String seedId = resolving.body().path("seedId").asString();
        JsonNode[] seed = {resolving.body()};
        await("magnet seed " + seedId + " given up").atMost(FAILURE_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> !(seed[0] = carol.seed(seedId).body()).path("state").asString().equals("RESOLVING"));
        assertThat(seed[0].path("state").asString()).as(seed[0].toString()).isEqualTo("FAILED");
        assertThat(seed[0].path("failure").path("type").asString()).isEqualTo("metadata-timeout");

        Api.Reply submitted = carol.submit(Map.of("source", magnet));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        JsonNode failed = carol.awaitTerminal(submitted.body().path("id").asString(), FAILURE_TIMEOUT);
        assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.path("failure").path("type").asString()).isEqualTo("metadata-timeout");
    }

    @Test
    @Order(6)
    void failsAsStalledWhenEverySeederLeavesMidDownload() {
        Torrent stall = TorrentMother.singleFile(swarm, "stall.bin", 24L * 1024 * 1024, 25);
        // two seeders at 256 KiB/s each: about 48 s for the whole file, time enough to pull the plug mid-way
        Seeders seeders = swarm.seed(stall, 2, 256 * 1024);
        String seedId = carol.uploadTorrent(stall.metainfo()).body().path("seedId").asString();

        Api.Reply submitted = carol.submit(Map.of("seedId", seedId));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        String id = submitted.body().path("id").asString();
        await("the worker downloading from the seeders").atMost(DOWNLOAD_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> seeders.uploadedBytes() >= 1024 * 1024);
        seeders.stop();
        assertThat(seeders.uploadedBytes()).as("stopped mid-download").isLessThan(stall.totalSize());

        JsonNode failed = carol.awaitTerminal(id, FAILURE_TIMEOUT);
        assertThat(failed.path("status").asString()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.path("failure").path("type").asString()).isEqualTo("stalled");
    }

    @Test
    @Order(7)
    void downloadsAMagnetWhoseOnlyTrackerSpeaksUdp() {
        Torrent udp = TorrentMother.singleFile(swarm, "udp.bin", 3_000_000, 26);
        swarm.seed(udp, 1);
        String magnet = "magnet:?xt=urn:btih:" + udp.infoHash() + "&tr="
                + URLEncoder.encode("udp://" + swarm.host() + ":" + swarm.trackerPort(), StandardCharsets.UTF_8);

        Api.Reply submitted = carol.submit(Map.of("source", magnet));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        JsonNode done = carol.awaitTerminal(submitted.body().path("id").asString(), DOWNLOAD_TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertStoredExactly(done, udp.files());
    }

    @Test
    @Order(8)
    void neverAnnouncesToATrackerTheDestinationGuardRefuses() throws Exception {
        // a "tracker" on a loopback port the worker's allowlist does not open: it counts who connects
        try (ServerSocket tracker = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            AtomicInteger connections = new AtomicInteger();
            Thread.ofVirtual().start(() -> {
                while (!tracker.isClosed()) {
                    try (Socket ignored = tracker.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            byte[] hash = new byte[20];
            new Random(27).nextBytes(hash);
            String magnet = "magnet:?xt=urn:btih:" + HexFormat.of().formatHex(hash) + "&tr=" + URLEncoder.encode(
                    "http://127.0.0.1:" + tracker.getLocalPort() + "/announce", StandardCharsets.UTF_8);

            Api.Reply submitted = carol.submit(Map.of("source", magnet));

            JsonNode failed = carol.awaitTerminal(submitted.body().path("id").asString(), FAILURE_TIMEOUT);
            assertThat(failed.path("failure").path("type").asString()).as(failed.toString())
                    .isEqualTo("metadata-timeout");
            assertThat(connections.get()).as("connections to the refused tracker").isZero();
        }
    }

    @Test
    @Order(9)
    void fetchesOnlyTheSelectedFilesThatAreNotStoredYet() {
        // part-1 and the notes are stored since order 3; video.bin is not
        String seedId = dave.uploadTorrent(chosen.metainfo()).body().path("seedId").asString();
        Torrent.TorrentFile part = fileAt(chosen, "data/part-1.bin");
        Torrent.TorrentFile notes = fileAt(chosen, "extras/notes/read me later.txt");
        Torrent.TorrentFile video = fileAt(chosen, "video.bin");
        long uploadedBefore = chosenSeeders.uploadedBytes();

        Api.Reply submitted = dave.submit(Map.of("seedId", seedId,
                "files", List.of(part.index(), notes.index(), video.index())));

        assertThat(submitted.status()).as(submitted.body().toString()).isEqualTo(201);
        JsonNode done = dave.awaitTerminal(submitted.body().path("id").asString(), DOWNLOAD_TIMEOUT);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
        assertStoredExactly(done, List.of(part, notes, video));
        long uploaded = chosenSeeders.uploadedBytes() - uploadedBefore;
        assertThat(uploaded).as("the video came from the swarm").isGreaterThanOrEqualTo(video.size());
        // the stored 3 MB part-1 did not: only the video and the pieces that straddle its edge
        assertThat(uploaded).as("bytes the seeders uploaded").isLessThan(video.size() + part.size());
    }

    /** The task stored exactly {@code expected}: one entry each, matched by path, with the fixture's SHA-256. */
    private static void assertStoredExactly(JsonNode task, List<Torrent.TorrentFile> expected) {
        assertThat(task.path("files")).as(task.toString()).hasSize(expected.size());
        List<String> sha256s = new ArrayList<>();
        task.path("files").forEach(file -> sha256s.add(file.path("sha256").asString()));
        assertThat(sha256s).containsExactlyInAnyOrderElementsOf(
                expected.stream().map(Torrent.TorrentFile::sha256).toList());
        for (Torrent.TorrentFile file : expected) {
            JsonNode stored = storedFile(task, file);
            assertThat(stored.path("size").asLong()).isEqualTo(file.size());
            assertThat(stored.path("sha256").asString()).as(file.path()).isEqualTo(file.sha256());
        }
    }

    private static JsonNode storedFile(JsonNode task, Torrent.TorrentFile file) {
        for (JsonNode stored : task.path("files")) {
            if (isPathOf(stored.path("path").asString(), file)) {
                return stored;
            }
        }
        throw new AssertionError("no stored file at " + file.path() + " in " + task);
    }

    /** A path as the API shows it: below the torrent's name, or with the name in front (both are sensible). */
    private static boolean isPathOf(String shown, Torrent.TorrentFile file) {
        return shown.equals(file.path()) || shown.endsWith("/" + file.path());
    }

    private static Torrent.TorrentFile fileAt(Torrent torrent, String path) {
        return torrent.files().stream().filter(file -> file.path().equals(path)).findFirst().orElseThrow();
    }
}

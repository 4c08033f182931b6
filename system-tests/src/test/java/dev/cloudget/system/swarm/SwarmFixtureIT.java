package dev.cloudget.system.swarm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The swarm fixture on its own, without cloudget: a real aria2c leecher gets every byte the fixture says it
 * seeds. Starts no cloudget service (it never calls {@code CloudgetSystem.get()}), so it runs alone:
 * {@code mvn -o -pl system-tests verify -Dit.test=SwarmFixtureIT}.
 */
class SwarmFixtureIT {

    @Test
    void threeSeedersGiveAnAria2LeecherEveryFileOfAFiveFileTorrent(@TempDir Path into) throws Exception {
        try (Swarm swarm = Swarm.start("self-test-five-files")) {
            Torrent album = TorrentMother.fiveFiles(swarm, "album", 11);
            assertThat(album.files()).hasSize(5);
            assertThat(album.multiFile()).isTrue();
            assertThat(album.infoHash()).isEqualTo(infoHashByAria2(album.file()));

            Seeders seeders = swarm.seed(album, 3);
            assertThat(swarm.seedersOnTracker(album.infoHash())).isEqualTo(3);

            int exit = swarm.fetchWithAria2c(album.file().toString(), into, Duration.ofMinutes(2));

            assertThat(exit).as("aria2c leecher exit code; logs in " + swarm.dir()).isZero();
            for (Torrent.TorrentFile file : album.files()) {
                Path fetched = into.resolve("album").resolve(file.path());
                assertThat(Files.size(fetched)).as(file.path()).isEqualTo(file.size());
                assertThat(sha256(fetched)).as(file.path()).isEqualTo(file.sha256());
            }
            assertThat(seeders.uploadedBytes()).isGreaterThanOrEqualTo(album.totalSize());
        }
    }

    @Test
    void aSeederServesTheMetadataOfAMagnetWithOnlyInfoHashAndTracker(@TempDir Path into) throws Exception {
        try (Swarm swarm = Swarm.start("self-test-magnet")) {
            Torrent single = TorrentMother.singleFile(swarm, "single.bin", 3_333_333, 12);
            swarm.seed(single, 1);

            assertThat(single.magnet()).isEqualTo("magnet:?xt=urn:btih:" + single.infoHash()
                    + "&tr=http%3A%2F%2F" + Swarm.HOST + "%3A" + swarm.trackerPort() + "%2Fannounce");
            int exit = swarm.fetchWithAria2c(single.magnet(), into, Duration.ofMinutes(2));

            assertThat(exit).as("aria2c leecher exit code; logs in " + swarm.dir()).isZero();
            assertThat(sha256(into.resolve("single.bin"))).isEqualTo(single.file(0).sha256());
        }
    }

    @Test
    void stoppedSeedersLeaveTheSwarmAndUploadNothingMore(@TempDir Path into) {
        try (Swarm swarm = Swarm.start("self-test-stop")) {
            Torrent single = TorrentMother.singleFile(swarm, "gone.bin", 1_000_000, 13);
            Seeders seeders = swarm.seed(single, 2);
            long uploaded = seeders.uploadedBytes();

            seeders.stop();

            assertThat(seeders.anyAlive()).isFalse();
            // killed, not shut down politely: the tracker still lists them, but no one answers at their ports
            assertThat(seeders.peerPorts()).allSatisfy(port -> assertThat(accepts(swarm.host(), port)).isFalse());
            // so a leecher finds no one to download from (aria2c gives up after its stop timeout)
            assertThat(swarm.fetchWithAria2c(single.file().toString(), into, Duration.ofSeconds(8))).isNotZero();
            assertThat(seeders.uploadedBytes()).isEqualTo(uploaded);
        }
    }

    @Test
    void theTrackerServesAHashItWasToldToAllowThoughNoOneSeedsIt() {
        try (Swarm swarm = Swarm.start("self-test-allow")) {
            byte[] hash = new byte[20];
            new Random(14).nextBytes(hash);
            String unknown = HexFormat.of().formatHex(hash);

            swarm.allow(unknown);

            assertThat(swarm.seedersOnTracker(unknown)).isZero();
        }
    }

    private static boolean accepts(String host, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String infoHashByAria2(Path torrent) throws Exception {
        Process show = new ProcessBuilder("aria2c", "--show-files=true", torrent.toString())
                .redirectErrorStream(true).start();
        String output = new String(show.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(show.waitFor()).as(output).isZero();
        return output.lines().filter(line -> line.startsWith("Info Hash: "))
                .map(line -> line.substring("Info Hash: ".length()).trim()).findFirst().orElseThrow();
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.cloudget.storage.entry;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.storage.EntryAddresses;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.storage.StorageITSupport;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** A bundle's files as one streamed ZIP, checked with Info-ZIP's {@code unzip -t} and the JDK's reader. */
class ZipDownloadIT extends StorageITSupport {

    private static final Instant VALID = Instant.now().plusSeconds(86_400);

    @Test
    void streamsEveryFileOfTheBundleAsAStoredZipThatUnzipTests() throws Exception {
        UUID bundle = UUID.randomUUID();
        byte[] first = randomBytes(300_000);
        byte[] second = randomBytes(70_001);
        byte[] empty = new byte[0];
        // one registered with its CRC-32 (as workers do), the others without: computed once, on first use
        ContentHash firstHash = storeContent(first, crc32(first));
        mint(bundle, "alice", storeContent(second), "02 b.flac", "Album/CD 2/02 b.flac");
        mint(bundle, "alice", firstHash, "01 a.flac", "Album/01 a.flac");
        mint(bundle, "alice", storeContent(empty), "notes.txt", "Album/../../etc/notes.txt");
        mint(bundle, "alice", storeContent(second), "02 b.flac", "Album/CD 2/02 B.flac");
        mint(UUID.randomUUID(), "alice", storeContent(randomBytes(10)), "other.bin", "other.bin");

        HttpResponse<Path> response = http.send(viaGateway(zipPath(bundle, "alice", VALID)).build(),
                HttpResponse.BodyHandlers.ofFile(Files.createTempFile("cloudget-zip-it", ".zip")));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                disposition -> assertThat(disposition).contains("filename=\"Album.zip\""));
        Process unzip = new ProcessBuilder("unzip", "-t", response.body().toString()).redirectErrorStream(true).start();
        String report = new String(unzip.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(unzip.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(unzip.exitValue()).as(report).isZero();
        assertThat(report).contains("No errors detected");

        Map<String, byte[]> members = new HashMap<>();
        List<String> order = new ArrayList<>();
        try (ZipFile zip = new ZipFile(response.body().toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                assertThat(entry.getMethod()).as(entry.getName()).isEqualTo(ZipEntry.STORED);
                order.add(entry.getName());
                members.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
            }
        }
        assertThat(order).containsExactly("Album/01 a.flac", "Album/CD 2/02 B.flac", "Album/CD 2/02 b (2).flac",
                "Album/etc/notes.txt");
        assertThat(members.get("Album/01 a.flac")).isEqualTo(first);
        assertThat(members.get("Album/CD 2/02 B.flac")).isEqualTo(second);
        assertThat(members.get("Album/etc/notes.txt")).isEmpty();
        assertThat(jdbc.sql("SELECT crc32 FROM contents WHERE sha256 = :sha256").param("sha256", sha256(second).hex())
                .query(Long.class).single()).isEqualTo(crc32(second));
        Files.delete(response.body());
    }

    @Test
    void refusesAnAlteredOrExpiredAddressAndForgetsADeletedBundle() throws Exception {
        UUID bundle = UUID.randomUUID();
        UUID entry = mint(bundle, "alice", storeContent(randomBytes(1000)), "a.bin", "a.bin");
        String signed = zipPath(bundle, "alice", VALID);

        HttpResponse<String> altered = getString(signed.replace("/" + bundle + "/", "/" + UUID.randomUUID() + "/"));
        HttpResponse<String> otherOwner = getString(zipPath(bundle, "bob", VALID));
        HttpResponse<String> entrySignature = getString(signed.replaceAll("signature=.*", "signature=")
                + new EntryAddresses(ENTRY_SIGNING_KEY).pathOf(bundle, "alice", "a.bin", VALID)
                .replaceAll(".*signature=", ""));
        HttpResponse<String> expired = getString(zipPath(bundle, "alice", Instant.now().minusSeconds(1)));
        HttpResponse<String> head = http.send(viaGateway(signed).method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(http.send(internal("/internal/files/" + entry).DELETE().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        HttpResponse<String> deleted = getString(signed);

        assertThat(altered.statusCode()).isEqualTo(404);
        assertThat(otherOwner.statusCode()).isEqualTo(403);
        assertThat(json(otherOwner).path("type").asString()).isEqualTo(Problems.ENTRY_SIGNATURE_INVALID.toString());
        assertThat(entrySignature.statusCode()).isEqualTo(403);
        assertThat(expired.statusCode()).isEqualTo(410);
        assertThat(json(expired).path("type").asString()).isEqualTo(Problems.ENTRY_EXPIRED.toString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(deleted.statusCode()).isEqualTo(404);
    }

    private ContentHash storeContent(byte[] bytes, long crc32) throws Exception {
        ContentHash sha256 = sha256(bytes);
        UUID job = UUID.randomUUID();
        LEASES.put(job, 1L);
        HttpResponse<String> response = postJson("/internal/contents", Map.of("objectKey", stage(bytes),
                "sha256", sha256.hex(), "size", bytes.length, "crc32", crc32, "job", job.toString(), "epoch", 1));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return sha256;
    }

    private UUID mint(UUID bundle, String owner, ContentHash sha256, String name, String path) throws Exception {
        UUID id = UUID.randomUUID();
        HttpResponse<String> response = postJson("/internal/files", Map.of("id", id.toString(), "owner", owner,
                "sha256", sha256.hex(), "name", name, "validUntil", VALID.toString(), "bundle", bundle.toString(),
                "path", path));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return id;
    }

    private static String zipPath(UUID bundle, String owner, Instant expires) {
        return new EntryAddresses(ENTRY_SIGNING_KEY).zipPathOf(bundle, owner, "album", expires);
    }

    private HttpResponse<String> getString(String path) throws Exception {
        return http.send(viaGateway(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long crc32(byte[] bytes) {
        CRC32 crc32 = new CRC32();
        crc32.update(bytes);
        return crc32.getValue();
    }
}

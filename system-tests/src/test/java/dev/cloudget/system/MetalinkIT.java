package dev.cloudget.system;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metalinks (RFC 5854) end to end: the worker pulls a file from all its mirrors at once, checks every piece against
 * the document's hashes, and a mirror serving corrupted bytes costs a few pieces fetched again, not the task.
 */
class MetalinkIT {

    private static final long SIZE = 6L * 1024 * 1024 + 4321;
    private static final int PIECE = 256 * 1024;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static CloudgetSystem system;
    private static Api alice;
    private static Api bob;

    @BeforeAll
    static void startSystem() throws Exception {
        system = CloudgetSystem.get();
        alice = new Api(system.gateway(), "alice");
        bob = new Api(system.gateway(), "bob");
    }

    @Test
    void aMetalinkWithThreeMirrorsOneCorruptedCompletesWithTheRightHash() {
        Origin.ServedFile good = system.origin().serve("metalink-a.bin", SIZE, 51);
        system.origin().serveCorrupted("metalink-b.bin", good, 2 * PIECE);
        system.origin().serveBytes("metalink-c.bin", bytes(good), "application/octet-stream");
        // the corrupted mirror first: the worker probes it, so it serves bytes however fast the others are
        byte[] document = meta4("dist/example.bin", good, "/files/metalink-b.bin", "/files/metalink-a.bin",
                "/files/metalink-c.bin");

        Api.Reply submitted = alice.submitMetalink(document, "alice@example.test");
        assertThat(submitted.status()).isEqualTo(201);
        assertThat(submitted.body().path("source").asString()).isEqualTo("metalink:dist/example.bin");
        JsonNode task = alice.awaitTerminal(submitted.body().path("id").asString(), TIMEOUT);

        assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.path("files").get(0).path("path").asString()).isEqualTo("dist/example.bin");
        assertThat(task.path("files").get(0).path("sha256").asString()).isEqualTo(good.sha256());
        assertThat(system.origin().bodyBytesFor("/files/metalink-b.bin"))
                .as("the corrupted mirror was asked too").isPositive();
        assertThat(system.origin().bodyBytesFor("/files/metalink-a.bin")
                + system.origin().bodyBytesFor("/files/metalink-c.bin"))
                .as("the good mirrors served the rest").isGreaterThanOrEqualTo(SIZE / 2);

        // known by its SHA-256: another Metalink of the same bytes, whatever its URLs, is answered from storage
        JsonNode again = bob.completedAtOnce(bob.submitMetalink(meta4("copy.bin", good, "/files/elsewhere.bin"),
                "bob@example.test").body());
        assertThat(again.path("files").get(0).path("sha256").asString()).isEqualTo(good.sha256());
        assertThat(system.origin().requestsFor("/files/elsewhere.bin")).isZero();
    }

    @Test
    void aLinkedMetalinkIsFetchedAndReadByTheWorkerAndAMalformedOneFailsClearly() {
        Origin.ServedFile file = system.origin().serve("linked.bin", 3L * 1024 * 1024, 52);
        system.origin().serveBytes("linked.meta4", meta4("linked.bin", file, "/files/linked.bin"),
                "application/metalink4+xml");
        system.origin().serveBytes("broken.meta4", "<metalink><file name=\"../x\"/></metalink>"
                .getBytes(StandardCharsets.UTF_8), "application/metalink4+xml");

        JsonNode task = alice.awaitTerminal(alice.submitUrl(system.origin().url("/files/linked.meta4"),
                "alice@example.test").body().path("id").asString(), TIMEOUT);
        assertThat(task.path("status").asString()).as(task.toString()).isEqualTo("COMPLETED");
        assertThat(task.path("files").get(0).path("sha256").asString()).isEqualTo(file.sha256());

        JsonNode broken = alice.awaitTerminal(alice.submitUrl(system.origin().url("/files/broken.meta4"),
                "alice@example.test").body().path("id").asString(), TIMEOUT);
        assertThat(broken.path("status").asString()).isEqualTo("FAILED");
        assertThat(broken.path("failure").path("type").asString()).endsWith("metalink-malformed");
        assertThat(broken.path("failure").path("detail").asString()).contains("not allowed");

        Api.Reply refused = alice.submitMetalink("<html/>".getBytes(StandardCharsets.UTF_8), "alice@example.test");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("type").asString()).endsWith("/metalink-malformed");
    }

    /** An RFC 5854 document for {@code file}, with SHA-256 piece hashes, served at each of {@code paths}. */
    private static byte[] meta4(String name, Origin.ServedFile file, String... paths) {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <metalink xmlns="urn:ietf:params:xml:ns:metalink">
                  <file name="%s">
                    <size>%d</size>
                    <hash type="sha-256">%s</hash>
                    <pieces length="%d" type="sha-256">
                """.formatted(name, file.size(), file.sha256(), PIECE));
        byte[] bytes = bytes(file);
        for (int at = 0; at < bytes.length; at += PIECE) {
            MessageDigest digest = sha256();
            digest.update(bytes, at, Math.min(PIECE, bytes.length - at));
            xml.append("      <hash>").append(HexFormat.of().formatHex(digest.digest())).append("</hash>\n");
        }
        xml.append("    </pieces>\n");
        for (int i = 0; i < paths.length; i++) {
            xml.append("    <url priority=\"").append(i + 1).append("\">").append(system.origin().url(paths[i]))
                    .append("</url>\n");
        }
        xml.append("  </file>\n</metalink>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Origin.ServedFile file) {
        try (InputStream in = Files.newInputStream(file.path())) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

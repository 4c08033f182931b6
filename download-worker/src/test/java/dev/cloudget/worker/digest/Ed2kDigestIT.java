package dev.cloudget.worker.digest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's eD2k hashes agree with aMule's: {@code alcc}, the link creator of Debian's {@code amule-utils}
 * (installed by {@code ./cloudget test}), hashes the same files. Sizes around the chunk size are where eD2k
 * implementations disagree.
 */
class Ed2kDigestIT {

    @TempDir
    Path dir;

    @Test
    void hashesAsAMuleDoes() throws Exception {
        for (int size : new int[] {0, 1000, Ed2kDigest.CHUNK - 1, Ed2kDigest.CHUNK, Ed2kDigest.CHUNK + 1,
                2 * Ed2kDigest.CHUNK, 12_000_000}) {
            byte[] bytes = new byte[size];
            new Random(size).nextBytes(bytes);
            Path file = Files.write(dir.resolve("f-" + size + ".bin"), bytes);
            Ed2kDigest digest = new Ed2kDigest();
            digest.update(bytes, 0, bytes.length);

            assertThat(digest.digest().hex()).as("eD2k hash of %d bytes", size).isEqualTo(amule(file));
        }
    }

    /** The hash in the {@code ed2k://|file|name|size|hash|/} link alcc prints. */
    private static String amule(Path file) throws IOException, InterruptedException {
        Process alcc = new ProcessBuilder("alcc", file.toString()).redirectErrorStream(true).start();
        String out = new String(alcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(alcc.waitFor(60, TimeUnit.SECONDS)).as("alcc finishes").isTrue();
        assertThat(alcc.exitValue()).as("alcc: %s", out).isZero();
        String link = out.lines().filter(line -> line.startsWith("ed2k://|file|")).findFirst()
                .orElseThrow(() -> new AssertionError("alcc printed no link: " + out));
        return link.split("\\|")[4];
    }
}

package dev.cloudget.worker.engine;

import dev.cloudget.contracts.ContentHash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** What the engine's tests make files of and check them by. */
final class TestFiles {

    private TestFiles() {
    }

    /** {@code size} random bytes, the same for the same seed. */
    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static ContentHash sha256(byte[] bytes) {
        try {
            return ContentHash.ofDigest(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many files are in {@code dir}: a download's scratch files must be gone when it ends. */
    static long filesIn(Path dir) {
        try (var files = Files.list(dir)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

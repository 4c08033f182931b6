package dev.cloudget.client;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

/** Test data: random bytes from a seed, and their SHA-256 computed here, not by the code under test. */
public final class TestFiles {

    private TestFiles() {
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.cloudget.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** The SHA-256 of stored content, as 64 lower-case hex digits: the content-addressed key. */
public record ContentHash(String hex) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public ContentHash {
        if (hex == null) {
            throw new IllegalArgumentException("content hash is missing");
        }
        hex = hex.toLowerCase(Locale.ROOT);
        if (!SHA256_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("content hash must be 64 hex digits of SHA-256: " + hex);
        }
    }

    @JsonCreator
    public static ContentHash of(String hex) {
        return new ContentHash(hex);
    }

    public static ContentHash ofDigest(byte[] sha256) {
        return new ContentHash(HexFormat.of().formatHex(sha256));
    }

    @JsonValue
    @Override
    public String toString() {
        return hex;
    }
}

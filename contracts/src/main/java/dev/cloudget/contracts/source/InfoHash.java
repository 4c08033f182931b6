package dev.cloudget.contracts.source;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/** A BitTorrent v1 info-hash: the SHA-1 of the bencoded {@code info} dictionary, as 40 lower-case hex digits. */
public record InfoHash(String hex) {

    private static final Pattern SHA1_HEX = Pattern.compile("[0-9a-f]{40}");

    public InfoHash {
        if (hex == null) {
            throw new IllegalArgumentException("info-hash is missing");
        }
        hex = hex.toLowerCase(Locale.ROOT);
        if (!SHA1_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("info-hash must be 40 hex digits: " + hex);
        }
    }

    @JsonCreator
    public static InfoHash of(String hex) {
        return new InfoHash(hex);
    }

    @JsonValue
    @Override
    public String toString() {
        return hex;
    }
}

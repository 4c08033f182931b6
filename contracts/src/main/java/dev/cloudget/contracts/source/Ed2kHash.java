package dev.cloudget.contracts.source;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An eD2k file hash (MD4 of the file, or MD4 of the MD4s of its 9,728,000-byte chunks), as 32 lower-case
 * hex digits.
 */
public record Ed2kHash(String hex) {

    private static final Pattern MD4_HEX = Pattern.compile("[0-9a-f]{32}");

    public Ed2kHash {
        if (hex == null) {
            throw new IllegalArgumentException("ed2k hash is missing");
        }
        hex = hex.toLowerCase(Locale.ROOT);
        if (!MD4_HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("ed2k hash must be 32 hex digits: " + hex);
        }
    }

    @JsonCreator
    public static Ed2kHash of(String hex) {
        return new Ed2kHash(hex);
    }

    public static Ed2kHash ofDigest(byte[] md4) {
        return new Ed2kHash(HexFormat.of().formatHex(md4));
    }

    /** The source key of content with this hash: {@code ed2k:<hex>}. */
    public SourceKey key() {
        return new SourceKey("ed2k:" + hex);
    }

    @JsonValue
    @Override
    public String toString() {
        return hex;
    }
}

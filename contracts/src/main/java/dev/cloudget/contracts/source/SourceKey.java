package dev.cloudget.contracts.source;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The canonical identity of a source: a normalised URL, {@code btih:<hex>} plus a file selection,
 * {@code ed2k:<hex>}. Equal keys are one download.
 */
public record SourceKey(String value) {

    /** Longest key accepted; longer URLs are refused rather than truncated. */
    public static final int MAX_LENGTH = 4096;

    public SourceKey {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("source key is empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("source key longer than " + MAX_LENGTH + " characters");
        }
    }

    @JsonCreator
    public static SourceKey of(String value) {
        return new SourceKey(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}

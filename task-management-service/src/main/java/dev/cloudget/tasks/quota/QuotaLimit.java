package dev.cloudget.tasks.quota;

import org.springframework.util.unit.DataSize;

import java.util.Locale;

/**
 * One quota's limit: a number (of bytes, tasks or submits), or none at all. Written in configuration as a number,
 * a size ({@code 1TB}, {@code 500MB}: binary units, as Spring reads them) or {@code unlimited}.
 */
public record QuotaLimit(long value) {

    public static final QuotaLimit UNLIMITED = new QuotaLimit(Long.MAX_VALUE);

    public QuotaLimit {
        if (value < 0) {
            throw new IllegalArgumentException("a quota is a number from 0, or unlimited; was " + value);
        }
    }

    /** How configuration binds it: {@code unlimited}, or a number or size. */
    public static QuotaLimit valueOf(String text) {
        String limit = text.strip();
        if (limit.toLowerCase(Locale.ROOT).equals("unlimited")) {
            return UNLIMITED;
        }
        return new QuotaLimit(DataSize.parse(limit).toBytes());
    }

    public boolean unlimited() {
        return value == Long.MAX_VALUE;
    }

    /** Whether {@code used} leaves no room for one more. */
    boolean reachedBy(long used) {
        return !unlimited() && used >= value;
    }

    /** Whether {@code size} is beyond the limit. */
    boolean exceededBy(long size) {
        return !unlimited() && size > value;
    }

    @Override
    public String toString() {
        return unlimited() ? "unlimited" : Long.toString(value);
    }
}

package dev.cloudget.statistics;

/** What a metric's value is, which says how a bucket with nothing in it reads and how a raw aggregate is rounded. */
public enum ValueKind {
    /** A count or a sum of bytes: 0 in an empty bucket. */
    COUNT,
    /** Bytes per second, rounded to whole bytes: null in an empty bucket. */
    SPEED,
    /** A share between 0 and 1: null when there is nothing to divide. */
    RATE;

    /** The value of an aggregate as this kind reads it; {@code raw} null means nothing was aggregated. */
    public Number of(Number raw) {
        return switch (this) {
            case COUNT -> raw == null ? 0L : raw.longValue();
            case SPEED -> raw == null ? null : Math.round(raw.doubleValue());
            case RATE -> raw == null ? null : raw.doubleValue();
        };
    }
}

package dev.cloudget.statistics.downloads;

import dev.cloudget.statistics.ValueKind;

/** What a time series of client reports counts per bucket. */
public enum DownloadMetric {
    /** Reports received. */
    REPORTS(ValueKind.COUNT),
    /** Bytes clients transferred. */
    BYTES(ValueKind.COUNT),
    /** Median average speed of successful fetches. */
    MEDIAN_SPEED(ValueKind.SPEED),
    /** 95th percentile of the average speed of successful fetches. */
    P95_SPEED(ValueKind.SPEED);

    private final ValueKind kind;

    DownloadMetric(ValueKind kind) {
        this.kind = kind;
    }

    public ValueKind kind() {
        return kind;
    }
}

package dev.cloudget.statistics.farm;

import dev.cloudget.statistics.ValueKind;

/** What a time series of settled tasks counts per bucket (tasks fall in the bucket of their {@code settledAt}). */
public enum TaskMetric {
    SETTLED(ValueKind.COUNT),
    COMPLETED(ValueKind.COUNT),
    FAILED(ValueKind.COUNT),
    /** Bytes completed tasks got. */
    BYTES(ValueKind.COUNT),
    SUCCESS_RATE(ValueKind.RATE),
    DEDUP_HIT_RATE(ValueKind.RATE),
    MEDIAN_SPEED(ValueKind.SPEED),
    P95_SPEED(ValueKind.SPEED);

    private final ValueKind kind;

    TaskMetric(ValueKind kind) {
        this.kind = kind;
    }

    public ValueKind kind() {
        return kind;
    }
}

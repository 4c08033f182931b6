package dev.cloudget.statistics.farm;

/**
 * What the farm did with the tasks settled in a period.
 *
 * @param bytes                 the size of what completed tasks got
 * @param answeredFromStore     completed tasks answered by content already stored (dedup hits)
 * @param medianBytesPerSecond  median fetch speed of the tasks that were fetched; null without any
 */
public record TaskFigures(long settled, long completed, long failed, long bytes, long answeredFromStore,
        Long medianBytesPerSecond, Long p95BytesPerSecond) {

    public static final TaskFigures NONE = new TaskFigures(0, 0, 0, 0, 0, null, null);

    /** Completed over settled; null when nothing settled. */
    public Double successRate() {
        return settled == 0 ? null : (double) completed / settled;
    }

    /** Share of completed tasks stored content answered at once; null when none completed. */
    public Double dedupHitRate() {
        return completed == 0 ? null : (double) answeredFromStore / completed;
    }
}

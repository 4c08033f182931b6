package dev.cloudget.statistics.figures;

import dev.cloudget.statistics.downloads.DownloadMetric;
import dev.cloudget.statistics.farm.TaskMetric;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The metrics a time series may show, by their public name: figures of settled tasks (the farm's side) or of
 * client reports (the user's side).
 */
public enum Metric {
    TASKS("tasks", TaskMetric.SETTLED, null),
    COMPLETED("completed", TaskMetric.COMPLETED, null),
    FAILED("failed", TaskMetric.FAILED, null),
    BYTES("bytes", TaskMetric.BYTES, null),
    SUCCESS_RATE("successRate", TaskMetric.SUCCESS_RATE, null),
    DEDUP_HIT_RATE("dedupHitRate", TaskMetric.DEDUP_HIT_RATE, null),
    MEDIAN_SPEED("medianSpeed", TaskMetric.MEDIAN_SPEED, null),
    P95_SPEED("p95Speed", TaskMetric.P95_SPEED, null),
    DOWNLOADS("downloads", null, DownloadMetric.REPORTS),
    DOWNLOAD_BYTES("downloadBytes", null, DownloadMetric.BYTES),
    DOWNLOAD_MEDIAN_SPEED("downloadMedianSpeed", null, DownloadMetric.MEDIAN_SPEED),
    DOWNLOAD_P95_SPEED("downloadP95Speed", null, DownloadMetric.P95_SPEED);

    private final String publicName;
    private final TaskMetric task;
    private final DownloadMetric download;

    Metric(String publicName, TaskMetric task, DownloadMetric download) {
        this.publicName = publicName;
        this.task = task;
        this.download = download;
    }

    public static Metric named(String name) {
        for (Metric metric : values()) {
            if (metric.publicName.equals(name)) {
                return metric;
            }
        }
        throw new IllegalArgumentException("metric must be one of " + Arrays.stream(values())
                .map(Metric::publicName).collect(Collectors.joining(", ")) + ": " + name);
    }

    public String publicName() {
        return publicName;
    }

    TaskMetric task() {
        return task;
    }

    DownloadMetric download() {
        return download;
    }
}

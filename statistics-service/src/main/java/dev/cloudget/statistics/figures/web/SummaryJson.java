package dev.cloudget.statistics.figures.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cloudget.statistics.downloads.DownloadFigures;
import dev.cloudget.statistics.farm.TaskFigures;
import dev.cloudget.statistics.farm.WorkerFigures;
import dev.cloudget.statistics.figures.Summary;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer of {@code GET /api/v1/stats/summary} and its admin twin. The download client reads
 * {@code downloads.reports} and {@code downloads.bytes}: keep those names. Rates and speeds are null when there is
 * nothing to divide; {@code byWorker} is there only in the farm's summary.
 */
record SummaryJson(Instant from, Instant to, TasksJson tasks, DownloadsJson downloads,
        Map<String, TasksJson> bySourceType,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, WorkerJson> byWorker) {

    static SummaryJson of(Summary summary) {
        Map<String, TasksJson> bySourceType = new LinkedHashMap<>();
        summary.tasks().bySourceType().forEach((type, figures) -> bySourceType.put(type, TasksJson.of(figures)));
        Map<String, WorkerJson> byWorker = summary.byWorker().map(workers -> {
            Map<String, WorkerJson> json = new LinkedHashMap<>();
            workers.forEach((worker, figures) -> json.put(worker, WorkerJson.of(figures)));
            return json;
        }).orElse(null);
        return new SummaryJson(summary.period().from(), summary.period().to(), TasksJson.of(summary.tasks().total()),
                DownloadsJson.of(summary.downloads()), bySourceType, byWorker);
    }

    /** Tasks settled in the period (by their {@code settledAt}); speeds are the farm's fetch speeds. */
    record TasksJson(long settled, long completed, long failed, long bytes, Double successRate, Double dedupHitRate,
            Long medianBytesPerSecond, Long p95BytesPerSecond) {

        static TasksJson of(TaskFigures figures) {
            return new TasksJson(figures.settled(), figures.completed(), figures.failed(), figures.bytes(),
                    figures.successRate(), figures.dedupHitRate(), figures.medianBytesPerSecond(),
                    figures.p95BytesPerSecond());
        }
    }

    /** Client reports received in the period; speeds are the reported averages of successful fetches. */
    record DownloadsJson(long reports, long succeeded, long failed, long interrupted, long bytes,
            Long medianBytesPerSecond, Long p95BytesPerSecond) {

        static DownloadsJson of(DownloadFigures figures) {
            return new DownloadsJson(figures.reports(), figures.succeeded(), figures.failed(), figures.interrupted(),
                    figures.bytes(), figures.medianBytesPerSecond(), figures.p95BytesPerSecond());
        }
    }

    /** Jobs that ended on one worker in the period. */
    record WorkerJson(long jobs, long completed, long failed, long bytes) {

        static WorkerJson of(WorkerFigures figures) {
            return new WorkerJson(figures.jobs(), figures.completed(), figures.failed(), figures.bytes());
        }
    }
}

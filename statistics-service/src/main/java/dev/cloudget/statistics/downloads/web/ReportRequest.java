package dev.cloudget.statistics.downloads.web;

import dev.cloudget.statistics.downloads.DownloadReport;
import dev.cloudget.statistics.downloads.DownloadResult;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.UUID;

/**
 * The body of {@code POST /api/v1/reports}, as the download client sends it. Presence is checked here; the bounds
 * of each figure live once, in {@link DownloadReport}.
 */
record ReportRequest(
        @NotNull UUID task,
        @NotNull UUID file,
        @NotNull Long fileSize,
        @NotNull Long bytes,
        @NotNull Long durationMillis,
        @NotNull Long averageBytesPerSecond,
        @NotNull Long peakBytesPerSecond,
        @NotNull Integer connections,
        @NotNull String result,
        String error,
        Boolean resumed,
        String client) {

    DownloadReport toReport() {
        return new DownloadReport(task, file, fileSize, bytes, Duration.ofMillis(durationMillis),
                averageBytesPerSecond, peakBytesPerSecond, connections, DownloadResult.of(result), error,
                Boolean.TRUE.equals(resumed), client);
    }
}

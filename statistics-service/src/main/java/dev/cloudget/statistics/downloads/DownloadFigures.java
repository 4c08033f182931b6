package dev.cloudget.statistics.downloads;

/**
 * What clients reported in a period: how many reports, how they ended, bytes moved, and the median and 95th
 * percentile of the average speed of the successful ones (null without any).
 */
public record DownloadFigures(long reports, long succeeded, long failed, long interrupted, long bytes,
        Long medianBytesPerSecond, Long p95BytesPerSecond) {
}

package dev.cloudget.client.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What one run of {@code get} tells statistics-service about one file ({@code POST /api/v1/reports}); this shape is
 * the contract statistics-service reads. {@code bytes} are those transferred in this run (a resumed run counts only
 * what it fetched), {@code error} is null unless the result is not SUCCESS.
 */
@JsonPropertyOrder({"task", "file", "fileSize", "bytes", "durationMillis", "averageBytesPerSecond",
        "peakBytesPerSecond", "connections", "result", "error", "resumed", "client"})
public record DownloadReport(String task, String file, long fileSize, long bytes, long durationMillis,
        long averageBytesPerSecond, long peakBytesPerSecond, int connections, Result result, String error,
        boolean resumed, String client) {

    public static final String CLIENT = "cloudget-cli/0.1.0";

    public enum Result { SUCCESS, FAILURE, INTERRUPTED }
}

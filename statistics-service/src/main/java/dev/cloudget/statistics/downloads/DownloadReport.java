package dev.cloudget.statistics.downloads;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * What a download client says of one fetch of a file entry from the cloud. The client is not trusted to be right,
 * only to stay within bounds that keep the aggregates meaningful: a report outside them is refused whole.
 *
 * @param file     the file entry fetched
 * @param fileSize the entry's size
 * @param bytes    bytes transferred in this run: fewer than {@code fileSize} when resumed or cut short, a few more
 *                 when segments were fetched again, never more than {@link #MAX_BYTES_PER_FILE_BYTE} times the file
 */
public record DownloadReport(UUID task, UUID file, long fileSize, long bytes, Duration duration,
        long averageBytesPerSecond, long peakBytesPerSecond, int connections, DownloadResult result, String error,
        boolean resumed, String client) {

    /** 1 PiB: far above any file the farm stores, low enough that no sum over reports overflows. */
    public static final long MAX_FILE_SIZE = 1L << 50;
    /** 1 TiB/s: far above any link, so a wild figure cannot dominate the speeds. */
    public static final long MAX_BYTES_PER_SECOND = 1L << 40;
    public static final int MAX_BYTES_PER_FILE_BYTE = 2;
    public static final Duration LONGEST = Duration.ofDays(30);
    public static final int MAX_CONNECTIONS = 64;
    public static final int MAX_ERROR_LENGTH = 2000;
    public static final int MAX_CLIENT_LENGTH = 100;

    public DownloadReport {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(result, "result");
        within("fileSize", fileSize, 0, MAX_FILE_SIZE);
        within("bytes", bytes, 0, MAX_BYTES_PER_FILE_BYTE * fileSize);
        if (!duration.isPositive() || duration.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("durationMillis must be more than 0 and at most " + LONGEST.toMillis()
                    + " (30 days): " + duration.toMillis());
        }
        within("averageBytesPerSecond", averageBytesPerSecond, 0, MAX_BYTES_PER_SECOND);
        within("peakBytesPerSecond", peakBytesPerSecond, 0, MAX_BYTES_PER_SECOND);
        within("connections", connections, 1, MAX_CONNECTIONS);
        if (error != null && error.length() > MAX_ERROR_LENGTH) {
            throw new IllegalArgumentException("error must be at most " + MAX_ERROR_LENGTH + " characters");
        }
        if (client != null && client.length() > MAX_CLIENT_LENGTH) {
            throw new IllegalArgumentException("client must be at most " + MAX_CLIENT_LENGTH + " characters");
        }
    }

    private static void within(String name, long value, long least, long most) {
        if (value < least || value > most) {
            throw new IllegalArgumentException(name + " must be from " + least + " to " + most + ": " + value);
        }
    }
}

package dev.cloudget.client.gateway;

import java.time.Instant;
import java.util.List;

/**
 * The part of task-management's task resource the client needs. Unknown fields are ignored, so the
 * server may add to the resource without breaking older clients.
 */
public record TaskView(String id, String status, Progress progress, List<TaskFile> files) {

    public static final String COMPLETED = "COMPLETED";

    public TaskView {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** Bytes the cloud has fetched so far; {@code bytesTotal} is -1 while unknown. */
    public record Progress(long bytesDone, long bytesTotal, long bytesPerSecond) {
    }

    /** One result file: where to fetch it (its entry address) and what it must hash to. */
    public record TaskFile(String path, Long size, String sha256, String entryUrl, Instant validUntil) {

        /** -1 when the server did not say. */
        public long sizeOrUnknown() {
            return size == null ? -1 : size;
        }
    }
}

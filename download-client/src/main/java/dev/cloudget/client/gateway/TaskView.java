package dev.cloudget.client.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The part of task-management's task resource the client needs. Unknown fields are ignored, so the server may add
 * to the resource without breaking older clients.
 */
public record TaskView(String id, String status, String source, Progress progress, List<TaskFile> files,
        Failure failure) {

    public static final String COMPLETED = "COMPLETED";
    /** A task in one of these will not change any more (DELETE aside). */
    private static final Set<String> SETTLED = Set.of(COMPLETED, "FAILED", "CANCELLED", "EXPIRED");

    public TaskView {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public boolean settled() {
        return SETTLED.contains(status);
    }

    public boolean completed() {
        return COMPLETED.equals(status);
    }

    /** Bytes the cloud has fetched so far; {@code bytesTotal} is -1 while unknown. */
    public record Progress(long bytesDone, long bytesTotal, long bytesPerSecond, String phase) {
    }

    /** Why a task failed: a stable type and a sentence. */
    public record Failure(String type, String detail) {
    }

    /**
     * One result file: its entry id (what statistics are reported against), where to fetch it (its entry address)
     * and what it must hash to.
     */
    public record TaskFile(String id, String path, Long size, String sha256, String entryUrl, Instant validUntil) {

        /** -1 when the server did not say. */
        public long sizeOrUnknown() {
            return size == null ? -1 : size;
        }
    }

    /** Total size of the files, or what the progress says before there are files; -1 when unknown. */
    public long sizeOrUnknown() {
        if (!files.isEmpty()) {
            return files.stream().mapToLong(TaskFile::sizeOrUnknown).reduce(0, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
        }
        return progress == null ? -1 : progress.bytesTotal();
    }

    /** Whole percent of the cloud's fetch, or -1 when the total is not known yet. */
    public int percent() {
        if (completed()) {
            return 100;
        }
        if (progress == null || progress.bytesTotal() <= 0) {
            return -1;
        }
        return (int) Math.min(100, progress.bytesDone() * 100 / progress.bytesTotal());
    }
}

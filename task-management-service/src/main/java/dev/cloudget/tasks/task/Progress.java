package dev.cloudget.tasks.task;

import dev.cloudget.contracts.worker.StoredFile;

import java.util.List;

/**
 * Bytes fetched so far for a task's job. {@code bytesTotal} is -1 while unknown. {@code peers} and {@code seeds}
 * describe a BitTorrent job's swarm, and are null for other sources. {@code phase} (CONNECTING, VERIFYING, DOWNLOADING, STORING),
 * {@code worker} and {@code sources} (URLs fetched from) are what the job's worker last said; null before it said
 * anything, and once the task is over.
 */
public record Progress(long bytesDone, long bytesTotal, long bytesPerSecond, Integer peers, Integer seeds,
        String phase, String worker, Integer sources) {

    public Progress(long bytesDone, long bytesTotal, long bytesPerSecond) {
        this(bytesDone, bytesTotal, bytesPerSecond, null, null, null, null, null);
    }

    public static final Progress NONE = new Progress(0, -1, 0);

    /** A finished download of {@code bytes}. */
    /** The same progress, no longer moving (a task that failed or was cancelled). */
    public Progress stopped() {
        return new Progress(bytesDone, bytesTotal, 0, peers, seeds, phase, worker, sources);
    }

    public static Progress done(long bytes) {
        return new Progress(bytes, bytes, 0);
    }

    /** A finished download of {@code files}. */
    public static Progress done(List<StoredFile> files) {
        return done(files.stream().mapToLong(StoredFile::size).sum());
    }
}

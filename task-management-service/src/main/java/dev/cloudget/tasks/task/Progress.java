package dev.cloudget.tasks.task;

import dev.cloudget.contracts.worker.StoredFile;

import java.util.List;

/** Bytes fetched so far for a task's job. {@code bytesTotal} is -1 while unknown. */
public record Progress(long bytesDone, long bytesTotal, long bytesPerSecond) {

    public static final Progress NONE = new Progress(0, -1, 0);

    /** A finished download of {@code bytes}. */
    public static Progress done(long bytes) {
        return new Progress(bytes, bytes, 0);
    }

    /** A finished download of {@code files}. */
    public static Progress done(List<StoredFile> files) {
        return done(files.stream().mapToLong(StoredFile::size).sum());
    }
}

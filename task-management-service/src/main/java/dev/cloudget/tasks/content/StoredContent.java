package dev.cloudget.tasks.content;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.worker.StoredFile;

import java.time.Instant;
import java.util.List;

/** The files a finished job stored for a source key, and until when they are expected to stay stored. */
public record StoredContent(SourceKey sourceKey, JobId job, List<StoredFile> files, Instant expiresAt) {

    public StoredContent {
        files = List.copyOf(files);
    }

    /** One of these files, indexed under a key that names it alone. */
    StoredContent alone(SourceKey key, StoredFile file) {
        return new StoredContent(key, job, List.of(file), expiresAt);
    }
}

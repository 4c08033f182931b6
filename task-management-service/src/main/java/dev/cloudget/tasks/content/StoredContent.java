package dev.cloudget.tasks.content;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.source.StoredCopy;
import dev.cloudget.contracts.worker.StoredFile;

import java.time.Instant;
import java.util.List;

/**
 * The files a finished job stored for a source key, and until when they are expected to stay stored.
 *
 * @param freshUntil   until when they may be reused for the key without asking the origin ({@link Freshness});
 *                     null: never stale (content named by its hash)
 * @param etag         the origin's validators, to revalidate with once stale; null when it gave none
 * @param lastModified as the origin sent it, or null
 */
public record StoredContent(SourceKey sourceKey, JobId job, List<StoredFile> files, Instant expiresAt,
        Instant freshUntil, String etag, String lastModified) {

    public StoredContent {
        files = List.copyOf(files);
    }

    public StoredContent(SourceKey sourceKey, JobId job, List<StoredFile> files, Instant expiresAt) {
        this(sourceKey, job, files, expiresAt, null, null, null);
    }

    public boolean staleAt(Instant now) {
        return freshUntil != null && !now.isBefore(freshUntil);
    }

    /** The same content, reusable until {@code until} and revalidated with the given validators. */
    public StoredContent fresh(Instant until, String etag, String lastModified) {
        return new StoredContent(sourceKey, job, files, expiresAt, until, etag, lastModified);
    }

    /** What the worker revalidates a stale link against. */
    public StoredCopy copy() {
        return new StoredCopy(etag, lastModified, files.stream().mapToLong(StoredFile::size).sum(), files);
    }

    /** One of these files, indexed under a key that names it alone: its hash, which never goes stale. */
    StoredContent alone(SourceKey key, StoredFile file) {
        return new StoredContent(key, job, List.of(file), expiresAt);
    }
}

package dev.cloudget.tasks.task;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.tasks.TaskSettled;
import dev.cloudget.contracts.worker.StoredFile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One user's request for a source: its state, the job whose content it gets (one still fetching, or
 * the completed job whose stored content answered it; none for tasks answered from stored content
 * before jobs kept their files), its result files and whom to tell.
 *
 * @param source             the link as the user submitted it
 * @param subscription       whom to tell about it, on which channels, about what
 * @param idempotencyKey     the client's {@code Idempotency-Key}, or null
 * @param requestFingerprint what the request said, to tell a replay from a conflicting reuse of the key
 * @param wanted             the torrent files the task wants of its job's files, when it holds only some
 * @param parts              files of its torrent the task takes from jobs other than its own (stored or fetching)
 * @param reuse              how its content was found: {@link #STORED} (fresh stored content answered it at once),
 *                           {@link #REVALIDATED} (the stored copy was stale; the origin confirmed it, no body was
 *                           fetched), {@link #CHANGED} (stale, and the origin had new content: fetched again); null
 *                           when nothing was stored and it was fetched
 */
public record Task(
        UUID id,
        String owner,
        String source,
        SourceKey sourceKey,
        JobId job,
        TaskStatus status,
        Progress progress,
        List<TaskFile> files,
        TaskFailure failure,
        Subscription subscription,
        int validDays,
        String idempotencyKey,
        String requestFingerprint,
        Instant createdAt,
        Instant updatedAt,
        Instant completedAt,
        FileSelection wanted,
        List<TaskPart> parts,
        String reuse) {

    public static final String STORED = TaskSettled.STORED;
    public static final String REVALIDATED = TaskSettled.REVALIDATED;
    public static final String CHANGED = TaskSettled.CHANGED;

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(status, "status");
        progress = progress == null ? Progress.NONE : progress;
        subscription = subscription == null ? Subscription.NONE : subscription;
        files = files == null ? List.of() : List.copyOf(files);
        wanted = wanted == null ? FileSelection.ALL : wanted;
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** This task completed at {@code now} with {@code files}, as {@link Tasks#complete} records it. */
    public Task completed(List<TaskFile> files, Instant now) {
        Progress done = Progress.done(files.stream().mapToLong(TaskFile::size).sum());
        return new Task(id, owner, source, sourceKey, job, TaskStatus.COMPLETED, done, files, failure, subscription,
                validDays, idempotencyKey, requestFingerprint, createdAt, now, now, wanted, parts, reuse);
    }

    /** This task as it stands once it failed at {@code now} with {@code failure}, as {@link Tasks#fail} records it. */
    public Task failed(TaskFailure failure, Instant now) {
        return new Task(id, owner, source, sourceKey, job, TaskStatus.FAILED, progress.stopped(), files, failure,
                subscription, validDays, idempotencyKey, requestFingerprint, createdAt, now, completedAt, wanted, parts,
                reuse);
    }

    /** Until when its files are valid: the latest of its files' valid periods; null before it has files. */
    public Instant validUntil() {
        return files.stream().map(TaskFile::validUntil).max(Instant::compareTo).orElse(null);
    }

    /** Of the files its job stored, those this task gets: the torrent files it selected, or all of them. */
    public List<StoredFile> wantedOf(List<StoredFile> jobFiles) {
        if (wanted.all()) {
            return jobFiles;
        }
        return jobFiles.stream().filter(file -> file.index() != null && wanted.includes(file.index())).toList();
    }
}

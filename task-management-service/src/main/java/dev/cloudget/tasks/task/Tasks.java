package dev.cloudget.tasks.task;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.tasks.task.persistence.TaskStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Users' tasks: what other features may read and change about them. Callers own the transaction
 * whenever several changes must stand or fall together.
 */
@Service
public class Tasks {

    public static final int MAX_PAGE_SIZE = 100;

    private final TaskStore store;
    private final Clock clock;

    Tasks(TaskStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The owner's task; someone else's is as absent as a task that never existed. */
    @Transactional(readOnly = true)
    public Task get(String owner, UUID id) {
        return store.find(id)
                .filter(task -> task.owner().equals(owner))
                .orElseThrow(() -> ProblemException.notFound("Task " + id));
    }

    /** Like {@link #get} and locks the task until the caller's transaction ends. */
    public Task getForUpdate(String owner, UUID id) {
        return store.findForUpdate(id)
                .filter(task -> task.owner().equals(owner))
                .orElseThrow(() -> ProblemException.notFound("Task " + id));
    }

    /** Any owner's task: for the service's own background work, never for a caller. */
    public Optional<Task> find(UUID id) {
        return store.find(id);
    }

    /** Like {@link #find} and locks the task until the caller's transaction ends. */
    public Optional<Task> findForUpdate(UUID id) {
        return store.findForUpdate(id);
    }

    public Optional<Task> findByIdempotencyKey(String owner, String key) {
        return store.findByIdempotencyKey(owner, key);
    }

    @Transactional(readOnly = true)
    public TaskPage list(String owner, TaskStatus status, int page, int size) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be 1.." + MAX_PAGE_SIZE);
        }
        long offset = (long) page * size;
        if (offset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("page is too far");
        }
        return new TaskPage(store.page(owner, status, (int) offset, size), page, size, store.count(owner, status));
    }

    public void add(Task task) {
        store.insert(task);
    }

    public List<Task> inFlightOnJobForUpdate(JobId job) {
        return store.inFlightOnJobForUpdate(job);
    }

    public List<UUID> idsInFlightOnJob(JobId job) {
        return store.idsInFlightOnJob(job);
    }

    /** Up to {@code limit} tasks whose job completed but which have no entry addresses yet, oldest first. */
    public List<UUID> idsInFlightOnCompletedJobs(int limit) {
        return store.idsInFlightOnCompletedJobs(limit);
    }

    /** The task takes every file it wants ({@code wanted}) from its own job from now on. */
    public void dropParts(UUID task, FileSelection wanted) {
        store.dropParts(task, wanted);
    }

    /** Moves a waiting task to another job (its content was gone: it is fetched again). */
    public void attach(UUID task, JobId job, TaskStatus status, Progress progress) {
        store.attach(task, job, status, progress, clock.instant());
    }

    public boolean anyInFlightOnJob(JobId job) {
        return store.countInFlightOnJob(job) > 0;
    }

    /** How the content of every task on the job was found: {@link Task#REVALIDATED} or {@link Task#CHANGED}. */
    public void reuseOnJob(JobId job, String reuse) {
        store.reuseOnJob(job, reuse);
    }

    public void progressOnJob(JobId job, Progress progress) {
        store.progressOnJob(job, progress, clock.instant());
    }

    /** Completes {@code task} (as read under its lock) with its files; returns it as it now stands. */
    public Task complete(Task task, List<TaskFile> files) {
        // PostgreSQL keeps microseconds: the task answered now reads the same as it will later
        Task completed = task.completed(files, clock.instant().truncatedTo(ChronoUnit.MICROS));
        store.complete(task.id(), files, completed.progress(), completed.completedAt());
        return completed;
    }

    /** Fails {@code task} (as read under its lock) with {@code failure}; returns it as it now stands. */
    public Task fail(Task task, TaskFailure failure) {
        Task failed = task.failed(failure, clock.instant().truncatedTo(ChronoUnit.MICROS));
        store.fail(task.id(), failure, failed.updatedAt());
        return failed;
    }

    public void cancel(UUID task) {
        store.cancel(task, clock.instant());
    }

    /** Up to {@code limit} completed tasks past their valid period become EXPIRED; their ids. */
    public List<UUID> expireOverdue(int limit) {
        return store.expireCompletedBefore(clock.instant(), limit);
    }

    /** Completed tasks holding a file of content storage removed become EXPIRED; their ids. */
    public List<UUID> expireHolding(ContentHash sha256) {
        return store.expireHolding(sha256, clock.instant());
    }

    /**
     * Up to {@code limit} completed tasks ending within {@code warning} from now, their period at least half over, that
     * want a warning and got none yet.
     */
    public List<UUID> warnExpiringWithin(Duration warning, int limit) {
        Instant now = clock.instant();
        return store.warnExpiringBefore(now.plus(warning), now, limit);
    }

    /** The completed task's files stay valid until {@code validUntil}, {@code validDays} after its completion. */
    public void extend(UUID task, int validDays, Instant validUntil) {
        store.extend(task, validDays, validUntil, clock.instant());
    }
}

package dev.cloudget.tasks.completion;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.BitTorrentSource;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.tasks.content.ContentIndex;
import dev.cloudget.tasks.content.ResourceIndex;
import dev.cloudget.tasks.content.StoredContent;
import dev.cloudget.tasks.jdbc.SourceKeyLock;
import dev.cloudget.tasks.job.Job;
import dev.cloudget.tasks.job.JobStatus;
import dev.cloudget.tasks.job.Jobs;
import dev.cloudget.tasks.notify.Notifications;
import dev.cloudget.tasks.remote.ContentGoneException;
import dev.cloudget.tasks.remote.StorageFiles;
import dev.cloudget.tasks.remote.StorageRefusedException;
import dev.cloudget.tasks.task.EntryRevocations;
import dev.cloudget.tasks.task.PendingRevocation;
import dev.cloudget.tasks.task.Progress;
import dev.cloudget.tasks.TasksProperties;
import dev.cloudget.tasks.task.ResultFiles;
import dev.cloudget.tasks.task.Settlements;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskFailure;
import dev.cloudget.tasks.task.TaskFile;
import dev.cloudget.tasks.task.TaskPart;
import dev.cloudget.tasks.task.TaskStatus;
import dev.cloudget.tasks.task.Tasks;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Gives the tasks of completed jobs their entry addresses, and completes them. Minting is one call
 * to storage-service per file, so it runs outside any transaction, and it is repeatable: the entry
 * ids derive from task, job and file, so another attempt answers the entries an earlier one made.
 * Each task is then completed (files, email) in a short transaction of its own.
 *
 * <p>It runs right after a {@code JobCompleted} is recorded (off the Kafka consumer's thread), right after a submit that stored content
 * answers, and every few seconds for every task still waiting on a completed job: a storage outage
 * only delays completion, and no task is ever lost or left waiting.
 */
@Component
public class TaskFinisher {

    private static final Logger log = LoggerFactory.getLogger(TaskFinisher.class);
    private static final int BATCH = 50;
    static final int CONCURRENT_FINISHES = 4;

    private final Tasks tasks;
    private final Jobs jobs;
    private final ContentIndex contentIndex;
    private final ResourceIndex resourceIndex;
    private final ResultFiles resultFiles;
    private final EntryRevocations revocations;
    private final Notifications notifications;
    private final Settlements settlements;
    private final SourceKeyLock lock;
    private final Duration validDay;
    private final TransactionTemplate transaction;
    private final Clock clock;
    /** Logging once per outage, and once per task that keeps failing, instead of every round. */
    private final AtomicBoolean storageDown = new AtomicBoolean();
    private final Set<UUID> failing = ConcurrentHashMap.newKeySet();
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore finishing = new Semaphore(CONCURRENT_FINISHES);

    TaskFinisher(Tasks tasks, Jobs jobs, ContentIndex contentIndex, ResourceIndex resourceIndex,
            ResultFiles resultFiles, EntryRevocations revocations, Notifications notifications,
            Settlements settlements, SourceKeyLock lock, TransactionTemplate transaction, Clock clock,
            TasksProperties properties) {
        this.tasks = tasks;
        this.jobs = jobs;
        this.contentIndex = contentIndex;
        this.resourceIndex = resourceIndex;
        this.resultFiles = resultFiles;
        this.revocations = revocations;
        this.notifications = notifications;
        this.settlements = settlements;
        this.validDay = properties.validDay();
        this.lock = lock;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * {@link #finishWaitingOn} on a thread of its own: the Kafka consumer that recorded the completion goes on with
     * the next record at once, however many subscribers wait and however slowly storage answers. At most
     * {@value #CONCURRENT_FINISHES} jobs are finished at a time; what a crash interrupts, the schedule finishes.
     */
    public void finishWaitingOnSoon(JobId job) {
        background.execute(() -> {
            finishing.acquireUninterruptibly();
            try {
                finishWaitingOn(job);
            } finally {
                finishing.release();
            }
        });
    }

    @PreDestroy
    void stop() {
        background.shutdown();
    }

    /** Finishes the tasks waiting for a job that just completed. Never throws: what is left, the schedule finishes. */
    public void finishWaitingOn(JobId job) {
        try {
            finishAll(tasks.idsInFlightOnJob(job));
        } catch (RuntimeException e) {
            log.warn("Tasks of job {} not finished yet; retrying on schedule: {}", job, e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${cloudget.completion.finish-interval:PT2S}")
    void finishStragglers() {
        List<UUID> due;
        do {
            due = tasks.idsInFlightOnCompletedJobs(BATCH);
        } while (finishAll(due) && due.size() == BATCH);
    }

    /** @return whether every task was finished (or needed nothing) */
    private boolean finishAll(List<UUID> ids) {
        boolean all = true;
        for (UUID id : ids) {
            try {
                finish(id);
                failing.remove(id);
            } catch (RuntimeException e) {
                if (StorageFiles.unavailable(e)) {
                    // every further call would wait for the same timeout: the next round tries again
                    if (storageDown.compareAndSet(false, true)) {
                        log.warn("Storage unavailable; tasks of completed jobs wait for their entry addresses: {}",
                                e.getMessage());
                    }
                    return false;
                }
                if (failing.add(id)) {
                    log.error("Task {} could not be finished; retrying on schedule", id, e);
                }
                all = false;
            }
        }
        if (!ids.isEmpty() && all && storageDown.compareAndSet(true, false)) {
            log.info("Storage answers again; finishing the tasks that waited");
        }
        return all;
    }

    /**
     * Gives the task its entry addresses and completes it, if it still waits for a completed job. A
     * task whose entries storage refuses (any error status but an outage's) fails with {@code storage-error}.
     *
     * @return the task as it stands afterwards; empty when there is no such task
     * @throws RuntimeException when storage cannot be reached: nothing changed, it can be tried again
     */
    public Optional<Task> finish(UUID id) {
        Optional<Task> seen = tasks.find(id);
        if (seen.isEmpty() || !seen.get().status().inFlight() || seen.get().job() == null) {
            return seen;
        }
        Task task = seen.get();
        Job job = jobs.find(task.job()).orElseThrow();
        if (job.status() != JobStatus.COMPLETED) {
            return seen;
        }
        for (TaskPart part : task.parts()) {
            if (jobs.find(part.job()).map(Job::status).orElse(null) != JobStatus.COMPLETED) {
                // finished once the job fetching that part completes (or fails it)
                return seen;
            }
        }
        return Optional.of(finish(task, job, ResultFiles.filesFor(task, jobs::filesOf)));
    }

    /**
     * {@link #finish(UUID)} for a task just answered from stored content, from what the submit already read: the task
     * as committed, its completed job and that job's files (a task from stored content has no parts). Saves reading
     * them all again on the busiest path there is.
     *
     * @throws RuntimeException when storage cannot be reached: nothing changed, the schedule finishes the task
     */
    public Task finishStored(Task task, Job job, List<StoredFile> jobFiles) {
        if (!task.parts().isEmpty() || job.status() != JobStatus.COMPLETED || !job.id().equals(task.job())) {
            return finish(task.id()).orElse(task);
        }
        return finish(task, job, task.wantedOf(jobFiles));
    }

    private Task finish(Task task, Job job, List<StoredFile> files) {
        List<TaskFile> minted;
        try {
            minted = resultFiles.mint(task, files, clock.instant().plus(validDay.multipliedBy(task.validDays())));
        } catch (ContentGoneException gone) {
            return transaction.execute(status -> contentGone(task, job, gone));
        } catch (StorageRefusedException refused) {
            // about this task's entries only (storage answers, and would answer the same again): it fails
            List<UUID> entries = ResultFiles.entryIdsOf(task.id(), job.id(), files.size());
            return settle(transaction.execute(status -> storageRefused(task, job, entries, refused)));
        }
        List<UUID> entries = minted.stream().map(TaskFile::id).toList();
        return settle(transaction.execute(status -> complete(task, job.id(), minted, entries)));
    }

    /** After the commit, outside the locks: revokes the entries the task turned out not to hold. */
    private Task settle(Settled settled) {
        revocations.revokeNow(settled.revocations());
        return settled.task();
    }

    /** Lock order as everywhere: the source key, then (job,) then the task. */
    private Settled complete(Task seen, JobId job, List<TaskFile> files, List<UUID> entries) {
        Task current = lockTask(seen);
        if (current.status().inFlight() && job.equals(current.job())) {
            Task completed = tasks.complete(current, files);
            files.stream().map(TaskFile::validUntil).max(Comparator.naturalOrder()).ifPresent(until -> {
                contentIndex.extend(job, until);
                current.parts().forEach(part -> contentIndex.extend(part.job(), until));
            });
            notifications.completed(completed);
            settlements.completed(completed);
            return new Settled(completed, List.of());
        }
        // another finisher got there first with the very same entries, or the task was cancelled (failed,
        // moved to another job) meanwhile: then nobody may keep them, not even if a mint after the
        // cancel's revocation made them live again
        return new Settled(current, revocations.record(current.id(), unheld(current, entries)));
    }

    private Settled storageRefused(Task seen, Job job, List<UUID> entries, StorageRefusedException refused) {
        UUID id = seen.id();
        Task current = lockTask(seen);
        if (current.status().inFlight() && job.id().equals(current.job())) {
            log.error("Storage refused the entry addresses of task {} (job {}); the task fails: {}", id, job.id(),
                    refused.getMessage());
            TaskFailure failure = new TaskFailure(FailureType.STORAGE_ERROR.slug(), refused.getMessage());
            current = tasks.fail(current, failure);
            notifications.failed(current, failure);
            settlements.failed(current, failure);
        }
        // the entries minted for the job's other files, by this attempt or an earlier one, are nobody's
        return new Settled(current, revocations.record(id, unheld(current, entries)));
    }

    /** Of {@code entries}, those the task does not hold: all of them unless it completed with them. */
    private static List<UUID> unheld(Task task, List<UUID> entries) {
        if (task.status() != TaskStatus.COMPLETED) {
            return entries;
        }
        Set<UUID> held = task.files().stream().map(TaskFile::id).collect(Collectors.toSet());
        return entries.stream().filter(entry -> !held.contains(entry)).toList();
    }

    private Task contentGone(Task seen, Job job, ContentGoneException gone) {
        UUID id = seen.id();
        Task current = lockTask(seen);
        if (!current.status().inFlight() || !job.id().equals(current.job())) {
            return current;
        }
        if (!current.parts().isEmpty()) {
            fetchWholeSelection(current, job, gone);
            return tasks.find(id).orElseThrow();
        }
        contentIndex.forget(job.id());
        if (job.finishedAt() != null && current.createdAt().isAfter(job.finishedAt())) {
            // stored content answered the task, and has gone since: fetch it again, as a new submit would
            log.info("Content {} of job {} is gone from storage; fetching {} again for task {}", gone.sha256(),
                    job.id(), current.sourceKey(), id);
            attachToContentOrFetch(current, job);
        } else {
            log.warn("Content {} of job {} vanished before task {} got its entries", gone.sha256(), job.id(), id);
            TaskFailure failure = new TaskFailure(FailureType.STORAGE_ERROR.slug(), "The stored content is gone");
            Task failed = tasks.fail(current, failure);
            notifications.failed(failed, failure);
            settlements.failed(failed, failure);
        }
        return tasks.find(id).orElseThrow();
    }

    /**
     * A task that took files from other jobs' stored content, one of which is gone: whichever job held it is
     * forgotten, and the task's whole selection is fetched again by one job.
     */
    private void fetchWholeSelection(Task task, Job job, ContentGoneException gone) {
        List<JobId> holders = new ArrayList<>(List.of(job.id()));
        task.parts().forEach(part -> holders.add(part.job()));
        holders.stream()
                .filter(holder -> jobs.filesOf(holder).stream().anyMatch(file -> file.sha256().equals(gone.sha256())))
                .forEach(contentIndex::forget);
        List<Integer> whole = new ArrayList<>(task.wanted().indices());
        task.parts().forEach(part -> whole.addAll(part.wanted().indices()));
        BitTorrentSource source = ((BitTorrentSource) jobs.sourceOf(job.id())).withFiles(FileSelection.of(whole));
        log.info("Content {} is gone from storage; fetching {} again for task {}", gone.sha256(), source.key(),
                task.id());
        Job fetch = jobs.inFlightCovering(source).orElseGet(() -> jobs.request(source.key(), source, task.owner()));
        tasks.dropParts(task.id(), source.files());
        tasks.attach(task.id(), fetch.id(),
                fetch.status() == JobStatus.DOWNLOADING ? TaskStatus.DOWNLOADING : TaskStatus.QUEUED,
                new Progress(fetch.bytesDone(), fetch.bytesTotal(), fetch.bytesPerSecond()));
    }

    private void attachToContentOrFetch(Task task, Job gone) {
        SourceKey key = task.sourceKey();
        Optional<StoredContent> newer = contentIndex.live(key);
        if (newer.isPresent()) {
            tasks.attach(task.id(), newer.get().job(), TaskStatus.DOWNLOADING, Progress.done(newer.get().files()));
            return;
        }
        Job fetch = jobs.inFlightFor(key)
                .orElseGet(() -> jobs.request(key, resourceIndex.withKnownSources(jobs.sourceOf(gone.id())),
                        task.owner()));
        tasks.attach(task.id(), fetch.id(),
                fetch.status() == JobStatus.DOWNLOADING ? TaskStatus.DOWNLOADING : TaskStatus.QUEUED,
                new Progress(fetch.bytesDone(), fetch.bytesTotal(), fetch.bytesPerSecond()));
    }

    /** Locks {@code seen} (read before) for this transaction, in the order every writer keeps; a task's key is fixed. */
    private Task lockTask(Task seen) {
        lock.lock(seen.sourceKey());
        return tasks.findForUpdate(seen.id()).orElseThrow();
    }

    /** The task after the completion transaction, and the entries to revoke once it committed. */
    private record Settled(Task task, List<PendingRevocation> revocations) {
    }
}

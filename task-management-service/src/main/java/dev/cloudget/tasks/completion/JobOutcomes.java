package dev.cloudget.tasks.completion;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.OriginResponse;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.JobProgressed;
import dev.cloudget.tasks.content.ContentIndex;
import dev.cloudget.tasks.content.ResourceIndex;
import dev.cloudget.tasks.content.StoredContent;
import dev.cloudget.tasks.jdbc.SourceKeyLock;
import dev.cloudget.tasks.job.Job;
import dev.cloudget.tasks.job.JobStatus;
import dev.cloudget.tasks.job.Jobs;
import dev.cloudget.tasks.notify.Notifications;
import dev.cloudget.tasks.task.Settlements;
import dev.cloudget.tasks.task.Progress;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskFailure;
import dev.cloudget.tasks.task.Tasks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a job's progress, completion or failure means for the tasks attached to it. Every method is
 * idempotent: Kafka may deliver an event twice. Every writer takes its locks in one order (the
 * source key's advisory lock, then the job row, then task rows), so none of them can deadlock another.
 */
@Service
public class JobOutcomes {

    private static final Logger log = LoggerFactory.getLogger(JobOutcomes.class);
    /** How long content nobody asked to keep is expected to stay stored; storage has the last word. */
    private static final int DEFAULT_CONTENT_DAYS = 7;

    private final Jobs jobs;
    private final Tasks tasks;
    private final ContentIndex contentIndex;
    private final ResourceIndex resourceIndex;
    private final Notifications notifications;
    private final Settlements settlements;
    private final TaskFinisher finisher;
    private final SourceKeyLock lock;
    private final TransactionTemplate transaction;
    private final Clock clock;

    JobOutcomes(Jobs jobs, Tasks tasks, ContentIndex contentIndex, ResourceIndex resourceIndex,
            Notifications notifications, Settlements settlements, TaskFinisher finisher, SourceKeyLock lock,
            TransactionTemplate transaction, Clock clock) {
        this.jobs = jobs;
        this.tasks = tasks;
        this.contentIndex = contentIndex;
        this.resourceIndex = resourceIndex;
        this.notifications = notifications;
        this.settlements = settlements;
        this.finisher = finisher;
        this.lock = lock;
        this.transaction = transaction;
        this.clock = clock;
    }

    @Transactional
    public void progressed(JobProgressed event) {
        Optional<Job> seen = jobs.find(event.job());
        if (seen.isEmpty() || !seen.get().status().inFlight()) {
            return;
        }
        // the source key first, like a cancel: the job row and then the task rows are locked after it
        lock.lock(seen.get().sourceKey());
        if (jobs.progressed(event.job(), event.bytesDone(), event.bytesTotal(), event.bytesPerSecond(), event.at())) {
            tasks.progressOnJob(event.job(),
                    new Progress(event.bytesDone(), event.bytesTotal(), event.bytesPerSecond(), event.peers(),
                            event.seeds(), event.phase() == null ? null : event.phase().name(), event.workerId(),
                            event.sources()));
        }
    }

    /**
     * Records the completion in one short transaction (the job, its files, the content index; waiting
     * tasks show the full download), then has the {@link TaskFinisher} give each waiting task its entry
     * addresses on a thread of its own, so that the partition's next records do not wait on storage-service.
     * Storage-service is never called while a lock is held, and an outage of it cannot fail this event: the
     * finisher keeps trying on its schedule.
     */
    public void completed(JobCompleted event) {
        transaction.executeWithoutResult(status -> record(event));
        finisher.finishWaitingOnSoon(event.job());
    }

    private void record(JobCompleted event) {
        Optional<Job> locked = lockJob(event.job());
        if (locked.isEmpty() || locked.get().status() == JobStatus.COMPLETED
                || locked.get().status() == JobStatus.FAILED) {
            return;
        }
        Job job = locked.get();
        resourceIndex.learn(event.sources());
        // a job cancelled on the way still stored its bytes: worth indexing, but nobody waits for it
        List<Task> waiting = job.status().inFlight() ? tasks.inFlightOnJobForUpdate(job.id()) : List.of();
        jobs.completed(job.id(), event.files());
        tasks.progressOnJob(job.id(), Progress.done(event.files()));
        int keepDays = waiting.stream().mapToInt(Task::validDays).max().orElse(DEFAULT_CONTENT_DAYS);
        Source source = jobs.sourceOf(job.id());
        OriginResponse origin = event.origin();
        contentIndex.record(new StoredContent(job.sourceKey(), job.id(), event.files(),
                clock.instant().plus(Duration.ofDays(Math.max(keepDays, DEFAULT_CONTENT_DAYS)))), source, origin);
        if (source instanceof HttpSource http && http.storedCopy() != null) {
            tasks.reuseOnJob(job.id(), origin != null && origin.unchanged() ? Task.REVALIDATED : Task.CHANGED);
        }
    }

    /** Fails the job and every task still waiting for it. */
    @Transactional
    public void failed(JobFailed event) {
        Optional<Job> locked = lockJob(event.job());
        if (locked.isEmpty() || !locked.get().status().inFlight()) {
            return;
        }
        Job job = locked.get();
        FailureType type = event.type() == null ? FailureType.INTERNAL_ERROR : event.type();
        List<Task> waiting = tasks.inFlightOnJobForUpdate(job.id());
        jobs.failed(job.id(), type.slug(), event.detail());
        TaskFailure failure = new TaskFailure(type.slug(), event.detail());
        waiting.forEach(task -> fail(task, failure));
    }

    /** The job, locked, with its source key locked first: the order every writer of a key's fate takes. */
    private Optional<Job> lockJob(JobId id) {
        Optional<Job> seen = jobs.find(id);
        if (seen.isEmpty()) {
            log.warn("Event for unknown job {} ignored", id);
            return Optional.empty();
        }
        lock.lock(seen.get().sourceKey());
        return jobs.findForUpdate(id);
    }

    private void fail(Task task, TaskFailure failure) {
        Task failed = tasks.fail(task, failure);
        notifications.failed(failed, failure);
        settlements.failed(failed, failure);
    }

}

package dev.cloudget.tasks.submit;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.links.ClassifiedLink;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.tasks.JobRequested;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.tasks.content.ContentIndex;
import dev.cloudget.tasks.content.StoredContent;
import dev.cloudget.tasks.jdbc.SourceKeyLock;
import dev.cloudget.tasks.job.Job;
import dev.cloudget.tasks.job.JobStatus;
import dev.cloudget.tasks.job.Jobs;
import dev.cloudget.tasks.notify.Notifications;
import dev.cloudget.tasks.outbox.Outbox;
import dev.cloudget.tasks.remote.ContentGoneException;
import dev.cloudget.tasks.remote.LinkClassifier;
import dev.cloudget.tasks.task.Progress;
import dev.cloudget.tasks.task.ResultFiles;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskFile;
import dev.cloudget.tasks.task.TaskStatus;
import dev.cloudget.tasks.task.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits a task: answered at once from stored content, attached to the job already fetching its
 * source key, or given a new job announced through the outbox. Decisions for one source key are
 * serialised by {@link SourceKeyLock}, so concurrent submits of a new link make one job.
 */
@Service
public class SubmitTask {

    private static final Logger log = LoggerFactory.getLogger(SubmitTask.class);

    private final LinkClassifier classifier;
    private final Tasks tasks;
    private final Jobs jobs;
    private final ContentIndex contentIndex;
    private final ResultFiles resultFiles;
    private final Outbox outbox;
    private final Notifications notifications;
    private final SourceKeyLock lock;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;

    SubmitTask(LinkClassifier classifier, Tasks tasks, Jobs jobs, ContentIndex contentIndex, ResultFiles resultFiles,
            Outbox outbox, Notifications notifications, SourceKeyLock lock, TransactionTemplate transaction, Clock clock,
            MeterRegistry meters) {
        this.classifier = classifier;
        this.tasks = tasks;
        this.jobs = jobs;
        this.contentIndex = contentIndex;
        this.resultFiles = resultFiles;
        this.outbox = outbox;
        this.notifications = notifications;
        this.lock = lock;
        this.transaction = transaction;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * @param idempotencyKey the client's {@code Idempotency-Key}, or null: the same key from the same
     *                       owner always yields the same task
     */
    public Submission submit(String owner, SubmitCommand command, String idempotencyKey) {
        String fingerprint = command.fingerprint();
        if (idempotencyKey != null) {
            Optional<Task> earlier = tasks.findByIdempotencyKey(owner, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint);
            }
        }
        // outside the transaction: a remote call must not hold a connection and a lock
        ClassifiedLink link = classifier.classify(command.link());
        try {
            Decided decided = transaction.execute(status -> decide(owner, command, link, idempotencyKey, fingerprint));
            meters.counter("cloudget.tasks.submitted", "outcome", decided.outcome()).increment();
            return new Submission(decided.task(), false);
        } catch (DuplicateKeyException raced) {
            // a concurrent request with the same Idempotency-Key committed first
            Optional<Task> earlier = idempotencyKey == null
                    ? Optional.empty()
                    : tasks.findByIdempotencyKey(owner, idempotencyKey);
            return replay(earlier.orElseThrow(() -> raced), fingerprint);
        }
    }

    private Submission replay(Task earlier, String fingerprint) {
        if (!fingerprint.equals(earlier.requestFingerprint())) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.IDEMPOTENCY_CONFLICT,
                    "Idempotency key reused",
                    "This Idempotency-Key was already used for a different request (task " + earlier.id() + ")");
        }
        return new Submission(earlier, true);
    }

    private Decided decide(String owner, SubmitCommand command, ClassifiedLink link, String idempotencyKey,
            String fingerprint) {
        SourceKey key = link.sourceKey();
        lock.lock(key);
        Instant now = clock.instant();
        Instant validUntil = now.plus(Duration.ofDays(command.validDays()));
        UUID id = UUID.randomUUID();

        Optional<StoredContent> stored = contentIndex.live(key);
        if (stored.isPresent()) {
            try {
                List<TaskFile> files = resultFiles.mint(owner, stored.get().files(), validUntil);
                contentIndex.extend(stored.get().job(), validUntil);
                long bytes = files.stream().mapToLong(TaskFile::size).sum();
                Task task = new Task(id, owner, command.link(), key, null, TaskStatus.COMPLETED, Progress.done(bytes),
                        files, null, command.notifyEmail(), command.validDays(), idempotencyKey, fingerprint,
                        now, now, now);
                tasks.add(task);
                notifications.completed(task, files);
                return new Decided(task, "stored");
            } catch (ContentGoneException gone) {
                log.info("Indexed content for {} is gone from storage ({}); fetching again", key, gone.sha256());
                contentIndex.forget(key);
            }
        }

        Optional<Job> inFlight = jobs.inFlightFor(key);
        Job job = inFlight.orElseGet(() -> newJob(link, now));
        Task task = new Task(id, owner, command.link(), key, job.id(),
                job.status() == JobStatus.DOWNLOADING ? TaskStatus.DOWNLOADING : TaskStatus.QUEUED,
                new Progress(job.bytesDone(), job.bytesTotal(), job.bytesPerSecond()), List.of(), null,
                command.notifyEmail(), command.validDays(), idempotencyKey, fingerprint, now, now, null);
        tasks.add(task);
        return new Decided(task, inFlight.isPresent() ? "attached" : "new-job");
    }

    private Job newJob(ClassifiedLink link, Instant now) {
        Job job = jobs.create(link.sourceKey(), link.source());
        outbox.append(Topics.JOB_REQUESTED, job.id().toString(),
                new JobRequested(job.id(), link.sourceKey(), link.source(), now));
        return job;
    }

    private record Decided(Task task, String outcome) {
    }
}

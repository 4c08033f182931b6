package dev.cloudget.tasks.cancel;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.JobCancelled;
import dev.cloudget.tasks.jdbc.SourceKeyLock;
import dev.cloudget.tasks.job.Job;
import dev.cloudget.tasks.job.JobStatus;
import dev.cloudget.tasks.job.Jobs;
import dev.cloudget.platform.outbox.Outbox;
import dev.cloudget.tasks.task.EntryRevocations;
import dev.cloudget.tasks.task.PendingRevocation;
import dev.cloudget.tasks.task.ResultFiles;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskStatus;
import dev.cloudget.tasks.task.Tasks;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Cancels (unsubscribes) a task: its entry addresses are revoked, and a job nobody waits for any
 * more is cancelled and announced through the outbox so the worker can stop.
 */
@Service
public class CancelTask {

    private final Tasks tasks;
    private final Jobs jobs;
    private final EntryRevocations revocations;
    private final Outbox outbox;
    private final SourceKeyLock lock;
    private final TransactionTemplate transaction;
    private final Clock clock;

    CancelTask(Tasks tasks, Jobs jobs, EntryRevocations revocations, Outbox outbox, SourceKeyLock lock,
            TransactionTemplate transaction, Clock clock) {
        this.tasks = tasks;
        this.jobs = jobs;
        this.revocations = revocations;
        this.outbox = outbox;
        this.lock = lock;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * Cancelling a cancelled task changes nothing; someone else's task is not found. The cancellation
     * commits first, with the entries to revoke recorded; storage is called after the commit, outside
     * the locks, so a slow or absent storage-service neither holds up the key's progress and completion
     * handling nor fails the cancel (what it misses, {@link EntryRevocations}' schedule revokes).
     */
    public void cancel(String owner, UUID id) {
        List<PendingRevocation> revoke = transaction.execute(status -> cancelled(owner, id));
        revocations.revokeNow(revoke);
    }

    /**
     * Locks in the order every writer takes (source key, job, task), so a cancel during a download never
     * deadlocks with the job's progress reports.
     */
    private List<PendingRevocation> cancelled(String owner, UUID id) {
        lock.lock(tasks.get(owner, id).sourceKey());
        // read again under the key's lock: which job the task is on only changes under that lock
        JobId jobId = tasks.get(owner, id).job();
        Optional<Job> job = jobId == null ? Optional.empty() : jobs.findForUpdate(jobId);
        Task task = tasks.getForUpdate(owner, id);
        if (task.status() == TaskStatus.CANCELLED) {
            return List.of();
        }
        tasks.cancel(task.id());
        Set<UUID> entries = new LinkedHashSet<>();
        task.files().forEach(file -> entries.add(file.id()));
        if (task.status().inFlight() && job.isPresent() && job.get().status() == JobStatus.COMPLETED) {
            // the finisher may have minted the task's entries without recording them yet
            entries.addAll(ResultFiles.entryIdsOf(task.id(), job.get().id(),
                    ResultFiles.filesFor(task, jobs::filesOf).size()));
        }
        if (task.status().inFlight() && job.isPresent() && job.get().status().inFlight()
                && !tasks.anyInFlightOnJob(job.get().id())) {
            cancelJob(job.get());
        }
        return revocations.record(task.id(), entries);
    }

    private void cancelJob(Job job) {
        JobId id = job.id();
        jobs.cancelled(id);
        outbox.append(Topics.JOB_CANCELLED, id.toString(), new JobCancelled(id, clock.instant()));
    }
}

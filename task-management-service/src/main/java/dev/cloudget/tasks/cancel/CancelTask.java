package dev.cloudget.tasks.cancel;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.JobCancelled;
import dev.cloudget.tasks.jdbc.SourceKeyLock;
import dev.cloudget.tasks.job.Job;
import dev.cloudget.tasks.job.JobStatus;
import dev.cloudget.tasks.job.Jobs;
import dev.cloudget.tasks.outbox.Outbox;
import dev.cloudget.tasks.task.ResultFiles;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskStatus;
import dev.cloudget.tasks.task.Tasks;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Cancels (unsubscribes) a task: its entry addresses are revoked, and a job nobody waits for any
 * more is cancelled and announced through the outbox so the worker can stop.
 */
@Service
public class CancelTask {

    private final Tasks tasks;
    private final Jobs jobs;
    private final ResultFiles resultFiles;
    private final Outbox outbox;
    private final SourceKeyLock lock;
    private final Clock clock;

    CancelTask(Tasks tasks, Jobs jobs, ResultFiles resultFiles, Outbox outbox, SourceKeyLock lock, Clock clock) {
        this.tasks = tasks;
        this.jobs = jobs;
        this.resultFiles = resultFiles;
        this.outbox = outbox;
        this.lock = lock;
        this.clock = clock;
    }

    /**
     * Cancelling a cancelled task changes nothing; someone else's task is not found. Locks in the order
     * every writer takes (source key, job, task), so a cancel during a download never deadlocks with
     * the job's progress reports.
     */
    @Transactional
    public void cancel(String owner, UUID id) {
        lock.lock(tasks.get(owner, id).sourceKey());
        // read again under the key's lock: which job the task is on only changes under that lock
        JobId jobId = tasks.get(owner, id).job();
        Optional<Job> job = jobId == null ? Optional.empty() : jobs.findForUpdate(jobId);
        Task task = tasks.getForUpdate(owner, id);
        if (task.status() == TaskStatus.CANCELLED) {
            return;
        }
        tasks.cancel(task.id());
        resultFiles.revoke(task.files());
        if (task.status().inFlight() && job.isPresent() && job.get().status() == JobStatus.COMPLETED) {
            // the finisher may have minted the task's entries without recording them yet
            resultFiles.revokeUnrecorded(task, jobs.filesOf(job.get().id()).size());
        }
        if (task.status().inFlight() && job.isPresent() && job.get().status().inFlight()
                && !tasks.anyInFlightOnJob(job.get().id())) {
            cancelJob(job.get());
        }
    }

    private void cancelJob(Job job) {
        JobId id = job.id();
        jobs.cancelled(id);
        outbox.append(Topics.JOB_CANCELLED, id.toString(), new JobCancelled(id, clock.instant()));
    }
}

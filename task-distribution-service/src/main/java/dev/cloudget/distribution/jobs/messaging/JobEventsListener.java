package dev.cloudget.distribution.jobs.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.JobCancelled;
import dev.cloudget.contracts.tasks.JobRequested;
import dev.cloudget.contracts.worker.JobCheckpoint;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.JobProgressed;
import dev.cloudget.contracts.worker.LeaseEnded;
import dev.cloudget.distribution.jobs.JobQueue;
import dev.cloudget.distribution.jobs.ProgressRelay;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Job lifecycle events from task-management and the workers. Each handler is idempotent. */
@Component
class JobEventsListener {

    private final JobQueue queue;
    private final ProgressRelay progress;

    JobEventsListener(JobQueue queue, ProgressRelay progress) {
        this.queue = queue;
        this.progress = progress;
    }

    @KafkaListener(topics = Topics.JOB_REQUESTED)
    void on(JobRequested requested) {
        queue.request(requested);
    }

    /** A worker's outcome: passed on to task-management only for the job's current lease. */
    @KafkaListener(topics = Topics.WORKER_JOB_COMPLETED)
    void on(JobCompleted completed) {
        queue.completed(completed);
    }

    @KafkaListener(topics = Topics.WORKER_JOB_FAILED)
    void on(JobFailed failed) {
        queue.failed(failed);
    }

    /** A worker's progress: passed on to task-management only under the job's current lease. */
    @KafkaListener(topics = Topics.WORKER_JOB_PROGRESS)
    void on(JobProgressed progressed) {
        progress.relay(progressed);
    }

    @KafkaListener(topics = Topics.WORKER_JOB_CHECKPOINT)
    void on(JobCheckpoint checkpoint) {
        queue.checkpointed(checkpoint);
    }

    @KafkaListener(topics = Topics.LEASE_RETURNED)
    void on(LeaseEnded returned) {
        queue.returned(returned);
    }

    @KafkaListener(topics = Topics.JOB_CANCELLED)
    void on(JobCancelled cancelled) {
        queue.cancel(cancelled.job());
    }
}

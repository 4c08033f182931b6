package dev.cloudget.worker.jobs.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.JobCancelled;
import dev.cloudget.worker.jobs.JobRunner;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Jobs nobody wants any more. Every worker hears every cancellation (a consumer group of its own: a worker new to
 * the farm reads the topic once from its start, where nothing names a job running here, so that none sent while it
 * joined is missed), and stops the job if it runs it.
 */
@Component
class Cancellations {

    private final JobRunner jobs;

    Cancellations(JobRunner jobs) {
        this.jobs = jobs;
    }

    @KafkaListener(topics = Topics.JOB_CANCELLED, groupId = "download-worker-cancellations-#{@workerIdentity.id()}")
    void on(JobCancelled cancelled) {
        jobs.cancel(cancelled.job());
    }
}

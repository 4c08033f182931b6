package dev.cloudget.worker.jobs.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.JobCancelled;
import dev.cloudget.contracts.worker.LeaseEnded;
import dev.cloudget.worker.jobs.JobRunner;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Jobs nobody wants any more, and leases distribution gave up. Every worker hears every cancellation and revocation (a
 * consumer group of its own: a worker new to the farm reads the topic once from its start, where nothing names a job
 * running here, so that none sent while it joined is missed), and stops the job if it runs it. Its consumers are
 * static members of that group (their worker's id): a worker started again after {@code kill -9} takes its
 * partitions over at once, instead of waiting out the dead process's session (15 s measured), which would hold back
 * the cancellation of a job it has already begun.
 */
@Component
class Cancellations {

    private final JobRunner jobs;

    Cancellations(JobRunner jobs) {
        this.jobs = jobs;
    }

    @KafkaListener(topics = Topics.JOB_CANCELLED, groupId = "download-worker-cancellations-#{@workerIdentity.id()}",
            properties = "group.instance.id=#{@workerIdentity.id()}-cancelled")
    void on(JobCancelled cancelled) {
        jobs.cancel(cancelled.job());
    }

    /** Distribution gave the lease up (this worker stopped renewing it, paused or cut off): the job moves on. */
    @KafkaListener(topics = Topics.LEASE_REVOKED, groupId = "download-worker-cancellations-#{@workerIdentity.id()}",
            properties = "group.instance.id=#{@workerIdentity.id()}-revoked")
    void on(LeaseEnded revoked) {
        jobs.revoked(revoked.job(), revoked.epoch());
    }
}

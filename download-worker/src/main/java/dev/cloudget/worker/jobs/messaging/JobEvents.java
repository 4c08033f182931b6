package dev.cloudget.worker.jobs.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.worker.JobCheckpoint;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.LeaseEnded;
import dev.cloudget.contracts.worker.JobProgressed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes what happens to jobs, keyed by job id so a job's events stay in order. The worker has no
 * database and so no outbox: outcomes are sent synchronously and confirmed by the broker (acks=all,
 * idempotent producer) before the job counts as finished; progress is fire-and-forget.
 */
@Component
public class JobEvents {

    private static final Logger log = LoggerFactory.getLogger(JobEvents.class);
    private static final long CONFIRM_SECONDS = 30;

    private final KafkaTemplate<String, Object> kafka;

    JobEvents(KafkaTemplate<String, Object> kafka) {
        this.kafka = kafka;
    }

    public void progressed(JobProgressed event) {
        kafka.send(Topics.WORKER_JOB_PROGRESS, event.job().toString(), event).whenComplete((result, failure) -> {
            if (failure != null) {
                log.debug("Progress of job {} not published: {}", event.job(), failure.toString());
            }
        });
    }

    public void completed(JobCompleted event) {
        sendConfirmed(Topics.WORKER_JOB_COMPLETED, event.job().toString(), event);
    }

    public void failed(JobFailed event) {
        sendConfirmed(Topics.WORKER_JOB_FAILED, event.job().toString(), event);
    }

    /** A part of a job's file is stored: confirmed, so that a successor finds it should this worker die now. */
    public void checkpointed(JobCheckpoint event) {
        sendConfirmed(Topics.WORKER_JOB_CHECKPOINT, event.job().toString(), event);
    }

    /** Hands a lease back (the worker is shutting down): distribution places the job elsewhere at once. */
    public void returned(LeaseEnded event) {
        sendConfirmed(Topics.LEASE_RETURNED, event.job().toString(), event);
    }

    private void sendConfirmed(String topic, String key, Object event) {
        try {
            kafka.send(topic, key, event).get(CONFIRM_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not publish to " + topic + ": " + e, e);
        }
    }
}

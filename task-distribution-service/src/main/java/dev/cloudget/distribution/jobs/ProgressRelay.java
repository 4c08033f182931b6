package dev.cloudget.distribution.jobs;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.worker.JobProgressed;
import dev.cloudget.distribution.jobs.persistence.JobRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Service;

/**
 * Passes a worker's progress on to task-management when it comes under the job's current lease, from the worker that
 * holds it: a worker that lost its job (paused past its lease, cut off) cannot move the task's progress backwards or
 * show itself as the job's worker. Progress is a throttled sample, so it is sent straight on, not through the outbox: a
 * lost one is replaced by the next.
 */
@Service
public class ProgressRelay {

    private static final Logger log = LoggerFactory.getLogger(ProgressRelay.class);

    private final JobRepository jobs;
    private final KafkaTemplate<String, Object> kafka;
    private final Counter stale;

    ProgressRelay(JobRepository jobs, KafkaTemplate<String, Object> kafka, MeterRegistry meters) {
        this.jobs = jobs;
        this.kafka = kafka;
        this.stale = Counter.builder("cloudget.distribution.stale.progress")
                .description("Progress reports refused: not from the job's current lease")
                .register(meters);
    }

    /** @return whether the progress was passed on */
    public boolean relay(JobProgressed progress) {
        if (progress.epoch() == null || progress.workerId() == null
                || !jobs.holdsLease(progress.job(), progress.epoch(), progress.workerId())) {
            stale.increment();
            log.debug("Job {}: progress from worker {} under lease {} not passed on", progress.job(),
                    progress.workerId(), progress.epoch() == null ? "(none)" : progress.epoch().value());
            return false;
        }
        kafka.send(Topics.JOB_PROGRESS, progress.job().toString(), progress).whenComplete((sent, failure) -> {
            if (failure != null) {
                log.debug("Progress of job {} not passed on: {}", progress.job(), failure.toString());
            }
        });
        return true;
    }
}

package dev.cloudget.tasks.completion.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.JobProgressed;
import dev.cloudget.tasks.completion.JobOutcomes;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The workers' reports on jobs. Records are keyed by job id, so each job's reports arrive in order. */
@Component
class JobEventsListener {

    static final String GROUP = "task-management";

    private final JobOutcomes outcomes;

    JobEventsListener(JobOutcomes outcomes) {
        this.outcomes = outcomes;
    }

    @KafkaListener(topics = Topics.JOB_PROGRESS, groupId = GROUP)
    void progressed(JobProgressed event) {
        outcomes.progressed(event);
    }

    @KafkaListener(topics = Topics.JOB_COMPLETED, groupId = GROUP)
    void completed(JobCompleted event) {
        outcomes.completed(event);
    }

    @KafkaListener(topics = Topics.JOB_FAILED, groupId = GROUP)
    void failed(JobFailed event) {
        outcomes.failed(event);
    }
}

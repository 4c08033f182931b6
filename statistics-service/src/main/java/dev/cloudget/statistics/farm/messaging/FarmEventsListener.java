package dev.cloudget.statistics.farm.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.tasks.TaskSettled;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.statistics.farm.Farm;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Task outcomes from task-management and job outcomes from task-distribution. Replaying a record is harmless (each
 * is stored once by its id); one that cannot be read or stored goes to its topic's {@code .DLT} (platform).
 */
@Component
class FarmEventsListener {

    private final Farm farm;

    FarmEventsListener(Farm farm) {
        this.farm = farm;
    }

    @KafkaListener(topics = Topics.TASK_SETTLED)
    void on(TaskSettled event) {
        farm.settled(event);
    }

    @KafkaListener(topics = Topics.JOB_COMPLETED)
    void on(JobCompleted event) {
        farm.completed(event);
    }

    @KafkaListener(topics = Topics.JOB_FAILED)
    void on(JobFailed event) {
        farm.failed(event);
    }
}

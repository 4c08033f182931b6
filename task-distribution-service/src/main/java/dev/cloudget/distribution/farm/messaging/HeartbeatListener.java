package dev.cloudget.distribution.farm.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.worker.WorkerHeartbeat;
import dev.cloudget.distribution.jobs.JobQueue;
import dev.cloudget.distribution.farm.Farm;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Workers' heartbeats keep the registry and their jobs' leases current; replaying one is harmless (older beats are ignored). */
@Component
class HeartbeatListener {

    private final Farm farm;
    private final JobQueue jobs;
    private final ApplicationEventPublisher signals;

    HeartbeatListener(Farm farm, JobQueue jobs, ApplicationEventPublisher signals) {
        this.farm = farm;
        this.jobs = jobs;
        this.signals = signals;
    }

    /**
     * Records the worker's figures, and renews the leases of the jobs it says it runs. The heartbeat then goes out
     * in-process too: capacity it shows may be what waiting jobs wait for, and the dispatcher places them at once.
     */
    @KafkaListener(topics = Topics.WORKER_HEARTBEAT)
    void on(WorkerHeartbeat heartbeat) {
        farm.record(heartbeat);
        jobs.renew(heartbeat.workerId(), heartbeat.jobs());
        signals.publishEvent(heartbeat);
    }
}

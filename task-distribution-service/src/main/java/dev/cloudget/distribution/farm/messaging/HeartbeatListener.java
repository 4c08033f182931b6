package dev.cloudget.distribution.farm.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.worker.WorkerHeartbeat;
import dev.cloudget.distribution.jobs.JobQueue;
import dev.cloudget.distribution.farm.Farm;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Workers' heartbeats keep the registry and their jobs' leases current; replaying one is harmless (older beats are ignored). */
@Component
class HeartbeatListener {

    private final Farm farm;
    private final JobQueue jobs;

    HeartbeatListener(Farm farm, JobQueue jobs) {
        this.farm = farm;
        this.jobs = jobs;
    }

    /** Records the worker's figures, and renews the leases of the jobs it says it runs. */
    @KafkaListener(topics = Topics.WORKER_HEARTBEAT)
    void on(WorkerHeartbeat heartbeat) {
        farm.record(heartbeat);
        jobs.renew(heartbeat.workerId(), heartbeat.jobs());
    }
}

package dev.cloudget.distribution.farm.messaging;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.worker.WorkerHeartbeat;
import dev.cloudget.distribution.farm.Farm;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Workers' heartbeats keep the registry current; replaying one is harmless (older beats are ignored). */
@Component
class HeartbeatListener {

    private final Farm farm;

    HeartbeatListener(Farm farm) {
        this.farm = farm;
    }

    @KafkaListener(topics = Topics.WORKER_HEARTBEAT)
    void on(WorkerHeartbeat heartbeat) {
        farm.record(heartbeat);
    }
}

package dev.cloudget.worker.heartbeat;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.worker.WorkerHeartbeat;
import dev.cloudget.worker.WorkerIdentity;
import dev.cloudget.worker.WorkerProperties;
import dev.cloudget.worker.jobs.JobRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Tells task-distribution, every {@code cloudget.worker.heartbeat-interval}, that this worker is alive,
 * where it takes jobs and how loaded it is. Keyed by worker id. A worker whose heartbeats stop loses
 * its jobs to others, so a missed beat is only logged: the next one follows shortly.
 */
@Component
class HeartbeatPublisher {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final KafkaTemplate<String, Object> kafka;
    private final WorkerIdentity identity;
    private final JobRunner jobs;
    private final MachineLoad load;
    private final Clock clock;

    HeartbeatPublisher(KafkaTemplate<String, Object> kafka, WorkerIdentity identity, JobRunner jobs,
            WorkerProperties properties, Clock clock) {
        this.kafka = kafka;
        this.identity = identity;
        this.jobs = jobs;
        this.load = new MachineLoad(properties.scratchDir());
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${cloudget.worker.heartbeat-interval:2s}")
    void beat() {
        WorkerHeartbeat heartbeat = new WorkerHeartbeat(identity.id(), identity.address(), load.freeDiskBytes(),
                load.cpuLoad(), jobs.activeJobs(), jobs.advertisedCapacity(), clock.instant(), jobs.leases());
        kafka.send(Topics.WORKER_HEARTBEAT, identity.id(), heartbeat).whenComplete((result, failure) -> {
            if (failure != null) {
                log.warn("Heartbeat not published: {}", failure.toString());
            }
        });
    }
}

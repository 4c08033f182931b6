package dev.cloudget.worker.heartbeat;

import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.contracts.worker.WorkerHeartbeat;
import dev.cloudget.worker.WorkerIdentity;
import dev.cloudget.worker.WorkerProperties;
import dev.cloudget.worker.jobs.JobEnded;
import dev.cloudget.worker.jobs.JobRunner;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.Set;

/**
 * Tells task-distribution, every {@code cloudget.worker.heartbeat-interval}, that this worker is alive,
 * where it takes jobs, how loaded it is (slots, CPU, scratch disk, bytes fetched per second since the last beat) and
 * which engines it runs. Keyed by worker id. A worker whose heartbeats stop loses
 * its jobs to others, so a missed beat is only logged: the next one follows shortly.
 */
@Component
class HeartbeatPublisher {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatPublisher.class);

    private final KafkaTemplate<String, Object> kafka;
    private final WorkerIdentity identity;
    private final JobRunner jobs;
    private final MachineLoad load;
    private final DownloadRate downloads;
    private final Set<Engine> engines;
    private final Clock clock;

    HeartbeatPublisher(KafkaTemplate<String, Object> kafka, WorkerIdentity identity, JobRunner jobs,
            WorkerProperties properties, MeterRegistry meters, Clock clock) {
        this.kafka = kafka;
        this.identity = identity;
        this.jobs = jobs;
        this.load = new MachineLoad(properties.scratchDir());
        this.downloads = new DownloadRate(meters, System::nanoTime);
        this.engines = properties.engines();
        this.clock = clock;
    }

    /** A slot is free: task-distribution hears it now, not at the next beat, and may place a waiting job here. */
    @EventListener
    void on(JobEnded ended) {
        beat();
    }

    @Scheduled(fixedDelayString = "${cloudget.worker.heartbeat-interval:2s}")
    synchronized void beat() {
        WorkerHeartbeat heartbeat = new WorkerHeartbeat(identity.id(), identity.address(), load.freeDiskBytes(),
                load.cpuLoad(), jobs.activeJobs(), jobs.advertisedCapacity(), clock.instant(), jobs.leases(),
                downloads.sinceLastReading(), engines);
        kafka.send(Topics.WORKER_HEARTBEAT, identity.id(), heartbeat).whenComplete((result, failure) -> {
            if (failure != null) {
                log.warn("Heartbeat not published: {}", failure.toString());
            }
        });
    }
}

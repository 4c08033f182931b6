package dev.cloudget.distribution.farm;

import dev.cloudget.contracts.worker.WorkerHeartbeat;
import dev.cloudget.distribution.farm.persistence.WorkerRepository;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The registry of workers, kept from their heartbeats. */
@Service
public class Farm {

    private final WorkerRepository workers;
    private final Clock clock;

    Farm(WorkerRepository workers, Clock clock) {
        this.workers = workers;
        this.clock = clock;
    }

    /**
     * Records a heartbeat. A worker is seen at the time it sent the beat, not when it was read, so that
     * heartbeats replayed after a consumer outage do not make a dead worker look alive; a sender clock
     * running ahead is capped at now.
     */
    public void record(WorkerHeartbeat heartbeat) {
        if (heartbeat.workerId() == null || heartbeat.workerId().isBlank() || heartbeat.address() == null
                || heartbeat.capacity() < 0 || heartbeat.activeJobs() < 0 || heartbeat.bytesPerSecond() < 0) {
            throw new IllegalArgumentException("heartbeat without worker id, address or sane load: " + heartbeat);
        }
        Instant now = clock.instant();
        Instant sent = heartbeat.sentAt() == null || heartbeat.sentAt().isAfter(now) ? now : heartbeat.sentAt();
        workers.upsert(new WorkerStatus(heartbeat.workerId(), heartbeat.address(), heartbeat.freeDiskBytes(),
                heartbeat.cpuLoad(), heartbeat.activeJobs(), heartbeat.capacity(), heartbeat.bytesPerSecond(),
                heartbeat.engines(), sent));
    }

    /** Workers heard from after {@code since}. */
    public List<WorkerStatus> liveSince(Instant since) {
        return workers.seenAfter(since);
    }

    public List<WorkerStatus> all() {
        return workers.all();
    }
}

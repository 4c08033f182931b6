package dev.cloudget.tasks.job;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.tasks.job.persistence.JobStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Jobs, the cloud's fetches of source keys. Callers own the transaction and serialise per source key
 * ({@link dev.cloudget.tasks.jdbc.SourceKeyLock}) so that a task never attaches to a job that is finishing.
 */
@Service
public class Jobs {

    private final JobStore store;
    private final JsonMapper json;
    private final Clock clock;

    Jobs(JobStore store, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.json = json;
        this.clock = clock;
        Gauge.builder("cloudget.jobs.active", store, JobStore::countInFlight)
                .description("Jobs queued or downloading")
                .register(meters);
    }

    public Optional<Job> find(JobId id) {
        return store.find(id);
    }

    public Optional<Job> findForUpdate(JobId id) {
        return store.findForUpdate(id);
    }

    public Optional<Job> inFlightFor(SourceKey key) {
        return store.inFlightFor(key);
    }

    public Job create(SourceKey key, Source source) {
        JobId id = JobId.random();
        Instant now = clock.instant();
        store.insert(id, key, json.writerFor(Source.class).writeValueAsString(source), now);
        return new Job(id, key, JobStatus.QUEUED, 0, -1, 0, now, now);
    }

    /** @return whether the report was applied (false for finished jobs and stale reports) */
    public boolean progressed(JobId id, long bytesDone, long bytesTotal, long bytesPerSecond, Instant at) {
        return store.progress(id, bytesDone, bytesTotal, bytesPerSecond, at, clock.instant());
    }

    public void completed(JobId id) {
        store.finish(id, JobStatus.COMPLETED, null, null, clock.instant());
    }

    public void failed(JobId id, String failureType, String detail) {
        store.finish(id, JobStatus.FAILED, failureType, detail, clock.instant());
    }

    public void cancelled(JobId id) {
        store.finish(id, JobStatus.CANCELLED, null, null, clock.instant());
    }
}

package dev.cloudget.tasks.job;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.source.BitTorrentSource;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.tasks.JobRequested;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.tasks.job.persistence.JobStore;
import dev.cloudget.platform.outbox.Outbox;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Jobs, the cloud's fetches of source keys. Callers own the transaction and serialise per source key
 * ({@link dev.cloudget.tasks.jdbc.SourceKeyLock}) so that a task never attaches to a job that is finishing.
 */
@Service
public class Jobs {

    private final JobStore store;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    Jobs(JobStore store, Outbox outbox, JsonMapper json, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.outbox = outbox;
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

    /**
     * A job in flight that fetches every file {@code source} selects: one for its very key, or one for a larger
     * selection of the same torrent.
     */
    public Optional<Job> inFlightCovering(Source source) {
        return inFlightCovering(source, source instanceof BitTorrentSource torrent
                ? () -> selectionsInFlight(torrent.infoHash()) : List::of);
    }

    /** {@link #inFlightCovering(Source)}, looking among {@code selections} (read only when needed). */
    public Optional<Job> inFlightCovering(Source source, Supplier<List<Fetching>> selections) {
        Optional<Job> exact = store.inFlightFor(source.key());
        if (exact.isPresent() || !(source instanceof BitTorrentSource wanted)) {
            return exact;
        }
        return selections.get().stream()
                .filter(fetching -> wanted.files().within(fetching.files()))
                .map(Fetching::job)
                .findFirst();
    }

    /** A job in flight for a selection of a torrent's files. */
    public record Fetching(Job job, FileSelection files) {
    }

    /** Every job in flight for some selection of the torrent, oldest first, with the files it fetches. */
    public List<Fetching> selectionsInFlight(InfoHash torrent) {
        return store.inFlightForTorrent(BitTorrentSource.torrentKey(torrent)).stream()
                .map(found -> new Fetching(found.job(),
                        ((BitTorrentSource) json.readValue(found.sourceJson(), Source.class)).files()))
                .toList();
    }

    /**
     * A new job for the key, announced through the outbox ({@link JobRequested}) so a worker takes it. {@code owner} is
     * the user whose task needs it (null when none is at hand): distribution hands out jobs in turns across owners.
     */
    public Job request(SourceKey key, Source source, String owner) {
        JobId id = JobId.random();
        Instant now = clock.instant();
        store.insert(id, key, json.writerFor(Source.class).writeValueAsString(source), now);
        outbox.append(Topics.JOB_REQUESTED, id.toString(), new JobRequested(id, key, source, now, owner));
        return new Job(id, key, JobStatus.QUEUED, 0, -1, 0, now, now, null);
    }

    /** What the job was asked to fetch. */
    public Source sourceOf(JobId id) {
        return store.sourceJson(id)
                .map(source -> json.readValue(source, Source.class))
                .orElseThrow(() -> new IllegalStateException("no job " + id));
    }

    /** @return whether the report was applied (false for finished jobs and stale reports) */
    public boolean progressed(JobId id, long bytesDone, long bytesTotal, long bytesPerSecond, Instant at) {
        return store.progress(id, bytesDone, bytesTotal, bytesPerSecond, at, clock.instant());
    }

    /** The job completed, having stored {@code files}: they stay with it for the tasks still to be given them. */
    public void completed(JobId id, List<StoredFile> files) {
        store.finish(id, JobStatus.COMPLETED, null, null, clock.instant());
        store.insertFiles(id, files);
    }

    /** The files a completed job stored, in the order the worker reported them. */
    public List<StoredFile> filesOf(JobId id) {
        return store.files(id);
    }

    public void failed(JobId id, String failureType, String detail) {
        store.finish(id, JobStatus.FAILED, failureType, detail, clock.instant());
    }

    public void cancelled(JobId id) {
        store.finish(id, JobStatus.CANCELLED, null, null, clock.instant());
    }
}

package dev.cloudget.worker.jobs;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.source.BitTorrentSource;
import dev.cloudget.contracts.source.Ed2kSource;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.MetalinkFile;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.Metalinks;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.source.StoredCopy;
import dev.cloudget.contracts.worker.AssignJob;
import dev.cloudget.contracts.worker.JobCheckpoint;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.OriginResponse;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.JobLease;
import dev.cloudget.contracts.worker.JobPhase;
import dev.cloudget.contracts.worker.LeaseEnded;
import dev.cloudget.contracts.worker.SourceReport;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.worker.WorkerIdentity;
import dev.cloudget.worker.WorkerProperties;
import dev.cloudget.worker.engine.DownloadException;
import dev.cloudget.worker.engine.Expected;
import dev.cloudget.worker.engine.FetchedFile;
import dev.cloudget.worker.engine.HttpEngine;
import dev.cloudget.worker.engine.ProgressListener;
import dev.cloudget.worker.engine.Resume;
import dev.cloudget.worker.torrent.TorrentEngine;
import dev.cloudget.worker.jobs.messaging.JobEvents;
import dev.cloudget.worker.staging.ContentRegistry;
import dev.cloudget.worker.staging.StagingStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import dev.cloudget.platform.tracing.TraceContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs assigned jobs, each on its own virtual thread, up to the worker's capacity: fetch into a staging
 * object, register the content with storage-service, publish the outcome. A job still running at its deadline
 * ({@code cloudget.worker.job-deadline}) is stopped as a cancelled one is (its thread interrupted, which closes its
 * connections) and fails {@code deadline-exceeded}, whatever it was waiting on: the slot is free for the next.
 */
@Service
public class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(1);
    private static final int FINISHED_REMEMBERED = 1024;
    /** How often a download whose origin changed mid-way starts again before the job fails. */
    private static final int ORIGIN_CHANGE_RESTARTS = 2;
    /** Failures whose details leave out what the store, storage-service or the guard said: the log has it. */
    private static final Set<FailureType> INTERNAL_FAILURES = Set.of(FailureType.STORAGE_ERROR,
            FailureType.INTERNAL_ERROR, FailureType.BLOCKED_ADDRESS);

    private final ConcurrentMap<JobId, AssignJob> running = new ConcurrentHashMap<>();
    /**
     * The lease of each job recently finished here, outcome published, guarded by {@code running}:
     * distribution re-sends an assignment whose answer it did not get, and a short job may be over by then.
     * A later lease (higher epoch) is a new assignment and runs.
     */
    private final Map<JobId, LeaseEpoch> finished = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<JobId, LeaseEpoch> eldest) {
            return size() > FINISHED_REMEMBERED;
        }
    };
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("job-deadlines").factory());
    private final Duration jobDeadline;
    /** The thread of each running job, to interrupt when it is cancelled. */
    private final ConcurrentMap<JobId, Future<?>> threads = new ConcurrentHashMap<>();
    /** Running jobs cancelled: their end publishes nothing. */
    private final Set<JobId> cancelled = ConcurrentHashMap.newKeySet();
    /** Of those, the jobs handed over to another worker (drained, lease revoked): their checkpoints stay. */
    private final Set<JobId> handedOver = ConcurrentHashMap.newKeySet();
    private final int capacity;
    private final WorkerIdentity identity;
    private final HttpEngine httpEngine;
    private final TorrentEngine torrentEngine;
    private final StagingStore staging;
    private final ContentRegistry contents;
    private final JobEvents events;
    private final ApplicationEventPublisher signals;
    private final Clock clock;
    private final TraceContexts traces;
    private final Counter downloadedBytes;
    private final Counter resumedBytes;
    private final Counter checkpoints;
    private final long checkpointInterval;
    private volatile boolean stopping;
    /** Asked by an operator to take no jobs and hand back those it runs, while staying up. */
    private volatile boolean draining;

    JobRunner(WorkerProperties properties, WorkerIdentity identity, HttpEngine httpEngine, TorrentEngine torrentEngine,
            StagingStore staging,
            ContentRegistry contents, JobEvents events, Clock clock, MeterRegistry meters,
            ApplicationEventPublisher signals, ObjectProvider<TraceContexts> traces) {
        this.signals = signals;
        this.traces = traces.getIfAvailable(() -> TraceContexts.NONE);
        this.capacity = properties.capacity();
        this.jobDeadline = properties.jobDeadline();
        this.identity = identity;
        this.httpEngine = httpEngine;
        this.torrentEngine = torrentEngine;
        this.staging = staging;
        this.contents = contents;
        this.events = events;
        this.clock = clock;
        this.downloadedBytes = Counter.builder("cloudget.download.bytes")
                .description("Bytes received from origins")
                .baseUnit("bytes")
                .register(meters);
        this.resumedBytes = Counter.builder("cloudget.download.resumed.bytes")
                .description("Bytes an earlier worker had stored that a job carried on from instead of fetching them")
                .baseUnit("bytes")
                .register(meters);
        this.checkpoints = Counter.builder("cloudget.download.checkpoints")
                .description("Checkpoints published (a part of a file stored)")
                .register(meters);
        this.checkpointInterval = properties.checkpointInterval().toBytes();
        Gauge.builder("cloudget.jobs.active", running, ConcurrentMap::size)
                .description("Jobs running on this worker")
                .register(meters);
    }

    /** Starts the job unless it already runs here, already ran here under the same lease, or the worker is full. */
    public Admission accept(AssignJob assignment) {
        synchronized (running) {
            if (running.containsKey(assignment.job())) {
                return Admission.ALREADY_RUNNING;
            }
            if (assignment.epoch().equals(finished.get(assignment.job()))) {
                return Admission.ALREADY_RAN;
            }
            if (stopping || draining || running.size() >= capacity) {
                return Admission.FULL;
            }
            running.put(assignment.job(), assignment);
        }
        // the job runs in the trace of the request that assigned it: its log lines and events carry that trace on
        String traceparent = traces.current();
        try {
            threads.put(assignment.job(), executor.submit(() -> traces.continuing(traceparent, "download job", () -> {
                run(assignment);
                return null;
            })));
        } catch (RuntimeException e) {
            running.remove(assignment.job());
            throw e;
        }
        return Admission.STARTED;
    }

    /**
     * Nobody wants the job any more: if it runs here, it is stopped (its thread interrupted, which closes its
     * connections), what it staged is deleted, and no outcome is published. Distribution already counts it done.
     */
    public void cancel(JobId job) {
        if (stopJob(job, false)) {
            log.info("Job {} cancelled: stopping it", job);
        }
    }

    /**
     * Stops a running job without publishing its end; what it staged is deleted, except, when it is {@code handedOver}
     * to another worker, its checkpoints. @return whether it ran here
     */
    private boolean stopJob(JobId job, boolean handOver) {
        if (!running.containsKey(job)) {
            return false;
        }
        if (handOver) {
            handedOver.add(job);
        }
        cancelled.add(job);
        Future<?> thread = threads.get(job);
        if (thread != null) {
            thread.cancel(true);
        }
        return true;
    }

    /** The job's lease {@code epoch} was given up by distribution: if it runs here under that lease, it stops. */
    public void revoked(JobId job, LeaseEpoch epoch) {
        AssignJob assignment = running.get(job);
        if (assignment != null && assignment.epoch().equals(epoch)) {
            log.warn("Job {}: lease {} revoked (its renewals stopped reaching distribution); stopping it", job,
                    epoch.value());
            stopJob(job, true);
        }
    }

    public int activeJobs() {
        return running.size();
    }

    /** The leases of the jobs running here: each heartbeat renews them. */
    public List<JobLease> leases() {
        return running.values().stream().map(job -> new JobLease(job.job(), job.epoch())).toList();
    }

    public int capacity() {
        return capacity;
    }

    /** What the heartbeats say this worker can take: nothing while it drains or stops. */
    public int advertisedCapacity() {
        return draining || stopping ? 0 : capacity;
    }

    /**
     * Drains this worker (an operator's {@code POST /api/v1/admin/workers/{id}/drain}): no new job is taken, and each
     * running job's lease is handed back and the job stopped, so that distribution places it elsewhere at once.
     */
    public void drain() {
        draining = true;
        for (AssignJob job : List.copyOf(running.values())) {
            handBack(job, "drained");
            stopJob(job.job(), true);
        }
    }

    /** Takes jobs again after a {@link #drain}. */
    public void undrain() {
        draining = false;
    }

    private void handBack(AssignJob job, String why) {
        try {
            events.returned(new LeaseEnded(job.job(), job.epoch(), identity.id(), clock.instant()));
            log.info("Job {}: lease {} handed back ({})", job.job(), job.epoch().value(), why);
        } catch (RuntimeException e) {
            log.warn("Job {}: lease {} not handed back ({}); it moves on once the lease runs out", job.job(),
                    job.epoch().value(), e.toString());
        }
    }

    private void run(AssignJob assignment) {
        JobId job = assignment.job();
        boolean published = false;
        Deadline deadline = null;
        log.info("Job {} started under lease {}", job, assignment.epoch().value());
        try {
            deadline = new Deadline(Thread.currentThread());
            published = fetchAndPublish(assignment, deadline);
        } catch (RuntimeException e) {
            // the outcome could not be published; the lease will expire and the job moves on
            log.error("Job {} finished but its outcome was not published", job, e);
        } finally {
            synchronized (running) {
                running.remove(job);
                threads.remove(job);
                cancelled.remove(job);
                handedOver.remove(job);
                if (published) {
                    finished.put(job, assignment.epoch());
                }
            }
            if (deadline != null) {
                deadline.disarm();
            }
            signals.publishEvent(new JobEnded(job));
        }
    }

    /** A job's deadline: interrupts the job's thread once, unless disarmed first. */
    private final class Deadline {

        private final Thread job;
        private final ScheduledFuture<?> timer;
        private boolean struck;
        private boolean disarmed;

        Deadline(Thread job) {
            this.job = job;
            this.timer = deadlines.schedule(this::strike, jobDeadline.toNanos(), TimeUnit.NANOSECONDS);
        }

        private synchronized void strike() {
            if (!disarmed) {
                struck = true;
                job.interrupt();
            }
        }

        /**
         * Stops the timer; returns whether it struck, and if so clears the interrupt it caused (it was delivered while
         * the lock was held, so none comes later): the job's clean-up and its outcome must not be interrupted.
         */
        synchronized boolean disarm() {
            disarmed = true;
            timer.cancel(false);
            if (struck && Thread.currentThread() == job) {
                Thread.interrupted();
            }
            return struck;
        }

        String detail() {
            return "the job did not finish within its deadline of "
                    + jobDeadline.toString().substring(2).toLowerCase(Locale.ROOT);
        }
    }

    /** @return whether an outcome was published (not so when shutdown interrupted the job) */
    private boolean fetchAndPublish(AssignJob assignment, Deadline deadline) {
        JobId job = assignment.job();
        JobFiles files = new JobFiles(job, assignment.epoch(), staging, contents, checkpointInterval,
                (key, uploadId, parts, bytes, length, validator, file, stored) -> checkpoint(new JobCheckpoint(job,
                        assignment.epoch(), identity.id(), key, uploadId, parts, bytes, length, validator,
                        clock.instant(), file, stored)));
        Fetched fetched;
        try {
            fetched = fetch(assignment, files);
        } catch (DownloadException e) {
            return fail(assignment, files, deadline, e);
        } catch (LeaseLostException e) {
            deadline.disarm();
            log.warn("Job {}: {}; stopping it", job, e.getMessage());
            files.discardAll(true);
            return true;
        } catch (RuntimeException e) {
            log.error("Job {} failed unexpectedly", job, e);
            return fail(assignment, files, deadline, new DownloadException(FailureType.INTERNAL_ERROR,
                    "unexpected " + e.getClass().getSimpleName(), e));
        }
        if (deadline.disarm()) {
            log.info("Job {}: its deadline struck as its last file was stored; it completes", job);
        }
        List<StoredFile> stored = fetched.files();
        files.finished();
        events.completed(new JobCompleted(job, identity.id(), stored, clock.instant(), fetched.origin(),
                fetched.sources(), assignment.epoch()));
        log.info("Job {} completed: {} file(s), {} bytes{}", job, stored.size(),
                stored.stream().mapToLong(StoredFile::size).sum(),
                fetched.origin() != null && fetched.origin().unchanged() ? " (the origin confirmed the stored copy)" : "");
        return true;
    }

    /**
     * Best effort: a checkpoint that does not reach distribution only means a successor fetches more again.
     *
     * @return whether the broker confirmed the checkpoint
     */
    private boolean checkpoint(JobCheckpoint checkpoint) {
        try {
            events.checkpointed(checkpoint);
            checkpoints.increment();
            log.debug("Job {}: checkpoint at byte {} of {}", checkpoint.job(), checkpoint.bytes(), checkpoint.length());
            return true;
        } catch (RuntimeException e) {
            log.warn("Job {}: checkpoint at byte {} not published ({})", checkpoint.job(), checkpoint.bytes(),
                    e.toString());
            return false;
        }
    }

    /**
     * A job's files, what an HTTP origin said about them (null for other sources), and what was learnt about the
     * URLs they came from.
     */
    private record Fetched(List<StoredFile> files, OriginResponse origin, List<SourceReport> sources) {

        Fetched(List<StoredFile> files) {
            this(files, null, List.of());
        }
    }

    private Fetched fetch(AssignJob assignment, JobFiles files) throws DownloadException {
        ProgressReporter progress = new ProgressReporter(assignment.job(), assignment.epoch(), identity.id(),
                downloadedBytes, events::progressed, clock, PROGRESS_INTERVAL, System::nanoTime);
        if (assignment.resumeFrom() != null && assignment.source() instanceof HttpSource) {
            progress.standsAt(assignment.resumeFrom().bytes(), assignment.resumeFrom().length());
        }
        progress.phase(JobPhase.CONNECTING);
        files.storing(() -> progress.phase(JobPhase.STORING));
        List<SourceReport> learnt = new ArrayList<>();
        return switch (assignment.source()) {
            case HttpSource http -> fetchHttp(http, assignment.resumeFrom(), files, progress);
            case Ed2kSource ed2k -> new Fetched(List.of(fetchEd2k(ed2k, files, progress, learnt)), null, learnt);
            case MetalinkSource metalink -> new Fetched(fetchMetalink(metalink, files, progress, learnt), null, learnt);
            case BitTorrentSource torrent -> new Fetched(fetchTorrent(assignment, torrent, files, progress));
        };
    }

    /**
     * A torrent's files, carried on from an earlier lease's checkpoint when there is one: the files it stored whole are
     * not fetched again, and the file it was storing starts from its stored parts.
     */
    private List<StoredFile> fetchTorrent(AssignJob assignment, BitTorrentSource torrent, JobFiles files,
            ProgressReporter progress) throws DownloadException {
        JobCheckpoint checkpoint = assignment.resumeFrom();
        if (checkpoint == null) {
            return torrentEngine.fetch(assignment.job(), torrent, files, progress, TorrentEngine.Carried.NOTHING);
        }
        Resume prefix = checkpoint.file() == null ? null : files.resumeFrom(checkpoint);
        TorrentEngine.Carried carried = new TorrentEngine.Carried(checkpoint.stored(), checkpoint.file(), prefix);
        try {
            List<StoredFile> stored = torrentEngine.fetch(assignment.job(), torrent, files, progress, carried);
            resumedBytes.increment(carried.bytesTaken());
            return stored;
        } finally {
            if (prefix != null) {
                closeQuietly(prefix);
            }
        }
    }

    /**
     * A link and its mirrors, one file, carried on from {@code checkpoint} when an earlier lease left one. Content that
     * changes at the origin while it is fetched in segments is fetched again from the start, against the new content, a
     * few times before the job gives up; never a mixed file.
     */
    private Fetched fetchHttp(HttpSource http, JobCheckpoint checkpoint, JobFiles files, ProgressListener progress)
            throws DownloadException {
        List<URI> urls = new ArrayList<>();
        urls.add(http.url());
        urls.addAll(http.mirrors());
        Resume resume = checkpoint == null ? null : files.resumeFrom(checkpoint);
        Staged fetch;
        try {
            fetch = fetchRestarting(urls, http.storedCopy(), Expected.NOTHING, files, progress, resume);
        } finally {
            if (resume != null) {
                closeQuietly(resume);
            }
        }
        if (resume != null && resume.wasTaken()) {
            resumedBytes.increment(resume.offset());
        }
        if (fetch.file() == null) {
            // the origin confirmed the stored copy: those files are the result, nothing was uploaded
            return new Fetched(http.storedCopy().files(), fetch.origin(), List.of());
        }
        StoredFile stored = files.registered(fetch.key(), fetch.file(), fetch.file().name());
        return new Fetched(List.of(stored), fetch.origin(), fetch.reports(stored, null));
    }

    /** A fetch into a staged object under {@code key}, and the URLs that served its bytes or other bytes. */
    private record Staged(String key, FetchedFile file, OriginResponse origin, List<URI> good, List<URI> bad) {

        /**
         * The good URLs serve {@code stored} (by its SHA-256 and eD2k hash); the bad ones served other bytes than
         * {@code expected}, or than the file when nothing was expected.
         */
        List<SourceReport> reports(StoredFile stored, SourceKey expected) {
            List<SourceReport> reports = new ArrayList<>();
            for (URI url : good) {
                reports.add(new SourceReport(url, MetalinkSource.sha256Key(stored.sha256()), stored.size(), true));
                if (stored.ed2k() != null) {
                    reports.add(new SourceReport(url, stored.ed2k().key(), stored.size(), true));
                }
            }
            SourceKey wanted = expected != null ? expected : MetalinkSource.sha256Key(stored.sha256());
            bad.forEach(url -> reports.add(new SourceReport(url, wanted, stored.size(), false)));
            return reports;
        }
    }

    private static void closeQuietly(Resume resume) {
        try {
            resume.close();
        } catch (IOException e) {
            log.debug("Stored prefix not closed cleanly: {}", e.toString());
        }
    }

    private Staged fetchRestarting(List<URI> urls, StoredCopy storedCopy,
            Expected expected, JobFiles files, ProgressListener progress) throws DownloadException {
        return fetchRestarting(urls, storedCopy, expected, files, progress, null);
    }

    /** The first attempt carries on from {@code resume} (when not null); a restart begins at the first byte. */
    private Staged fetchRestarting(List<URI> urls, StoredCopy storedCopy, Expected expected, JobFiles files,
            ProgressListener progress, Resume resume) throws DownloadException {
        for (int attempt = 1; ; attempt++) {
            String key = files.nextKey();
            try {
                HttpEngine.Fetch fetch = httpEngine.fetch(urls, storedCopy, expected, files.sinkFor(key), progress,
                        attempt == 1 ? resume : null);
                if (!fetch.badSources().isEmpty()) {
                    log.info("Sources that served other bytes than {}: {}", urls.getFirst(), fetch.badSources());
                }
                return new Staged(key, fetch.file(), fetch.origin(), fetch.goodSources(), fetch.badSources());
            } catch (DownloadException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // stopped (cancelled, its deadline): the store's clean-up calls would fail at once; the job's
                    // end discards what it staged once the interrupt is cleared
                    throw e;
                }
                files.discard(key);
                if (e.type() != FailureType.ORIGIN_CHANGED || attempt > ORIGIN_CHANGE_RESTARTS) {
                    throw e;
                }
                log.info("{} changed during the download; fetching it again ({})", urls.getFirst(), e.detail());
            }
        }
    }

    /**
     * A Metalink's files, one after another, each from all its URLs at once and checked against its size and hashes
     * (pieces included); a linked document is fetched first, through the same guard, and read. A file whose whole
     * hash did not match although every piece did not say so (no piece hashes) is fetched once more from its most
     * preferred URL alone: one of its mirrors served other bytes.
     */
    private List<StoredFile> fetchMetalink(MetalinkSource metalink, JobFiles files, ProgressListener progress,
            List<SourceReport> learnt) throws DownloadException {
        List<MetalinkFile> described = metalink.document() != null ? readMetalink(metalink.document()) : metalink.files();
        List<StoredFile> stored = new ArrayList<>();
        for (MetalinkFile file : described) {
            Expected expected = Expected.of(file);
            Staged staged;
            try {
                staged = fetchRestarting(file.urls(), null, expected, files, progress);
            } catch (DownloadException e) {
                if (e.type() != FailureType.HASH_MISMATCH || file.urls().size() < 2 || file.pieces() != null) {
                    throw e;
                }
                log.info("{} did not match its hash from {} sources; once more from {} alone", file.name(),
                        file.urls().size(), file.urls().getFirst().getHost());
                staged = fetchRestarting(List.of(file.urls().getFirst()), null, expected, files, progress);
            }
            StoredFile registered = files.registered(staged.key(), staged.file(), file.name());
            stored.add(registered);
            learnt.addAll(staged.reports(registered,
                    file.sha256() == null ? null : MetalinkSource.sha256Key(file.sha256())));
        }
        return stored;
    }

    /** A linked Metalink document: fetched (at most {@link Metalinks#MAX_DOCUMENT_BYTES}) and read. */
    private List<MetalinkFile> readMetalink(URI document) throws DownloadException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        httpEngine.fetch(document, (body, length) -> {
            if (length > Metalinks.MAX_DOCUMENT_BYTES
                    || body.transferTo(new BoundedOutput(bytes, Metalinks.MAX_DOCUMENT_BYTES)) < 0) {
                throw new DownloadException(FailureType.METALINK_MALFORMED, "the Metalink document is larger than "
                        + Metalinks.MAX_DOCUMENT_BYTES + " bytes");
            }
        }, ProgressListener.NONE);
        try {
            return Metalinks.parse(bytes.toByteArray());
        } catch (IllegalArgumentException e) {
            throw new DownloadException(FailureType.METALINK_MALFORMED, e.getMessage());
        }
    }

    /** Refuses to hold more than {@code limit} bytes. */
    private static final class BoundedOutput extends java.io.OutputStream {

        private final ByteArrayOutputStream into;
        private final int limit;

        BoundedOutput(ByteArrayOutputStream into, int limit) {
            this.into = into;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (into.size() + len > limit) {
                throw new IOException(new DownloadException(FailureType.METALINK_MALFORMED,
                        "the Metalink document is larger than " + limit + " bytes"));
            }
            into.write(b, off, len);
        }
    }

    /**
     * An eD2k link, from its HTTP sources ({@code s=}, and those the resource index knows) at once, as one file of the
     * link's size, checked against its eD2k hash; when the bytes do not match, each source is tried alone, in turn,
     * until one serves the bytes the link promises (one bad mirror among several cannot be told otherwise: eD2k has no
     * piece hashes here). The eD2k network itself is not searched.
     */
    private StoredFile fetchEd2k(Ed2kSource ed2k, JobFiles files, ProgressListener progress, List<SourceReport> learnt)
            throws DownloadException {
        if (ed2k.httpSources().isEmpty()) {
            throw new DownloadException(FailureType.NO_ED2K_SOURCE, "nothing stored has eD2k hash " + ed2k.hash()
                    + " and the link names no HTTP source (s=) to fetch it from");
        }
        Expected expected = new Expected(ed2k.size(), null, null);
        List<List<URI>> attempts = new ArrayList<>();
        attempts.add(ed2k.httpSources());
        if (ed2k.httpSources().size() > 1) {
            ed2k.httpSources().forEach(source -> attempts.add(List.of(source)));
        }
        DownloadException last = null;
        for (List<URI> sources : attempts) {
            Staged staged;
            try {
                staged = fetchRestarting(sources, null, expected, files, progress);
            } catch (DownloadException e) {
                last = e;
                log.info("eD2k sources {} of {} not used: {}", sources, ed2k.hash(), e.detail());
                continue;
            }
            FetchedFile file = staged.file();
            if (ed2k.hash().equals(file.ed2k())) {
                StoredFile stored = files.registered(staged.key(), file, ed2k.name());
                learnt.addAll(staged.reports(stored, ed2k.hash().key()));
                return stored;
            }
            files.discard(staged.key());
            if (sources.size() == 1) {
                learnt.add(new SourceReport(sources.getFirst(), ed2k.hash().key(), ed2k.size(), false));
            }
            last = new DownloadException(FailureType.HASH_MISMATCH, sources + " served " + file.size()
                    + " bytes with eD2k hash " + file.ed2k() + "; the link promises " + ed2k.size()
                    + " bytes with eD2k hash " + ed2k.hash());
            log.info("eD2k sources {} of {} not used: {}", sources, ed2k.hash(), last.detail());
        }
        throw last;
    }

    /**
     * Publishes the failure, as {@code deadline-exceeded} when the deadline stopped the job. The detail is what users
     * see; the exception, with what the store, storage-service or the guard said, goes to the log with the job id.
     *
     * @return whether the failure was published
     */
    private boolean fail(AssignJob assignment, JobFiles files, Deadline deadline, DownloadException failure) {
        JobId job = assignment.job();
        boolean overdue = deadline.disarm();
        FailureType type = overdue ? FailureType.DEADLINE_EXCEEDED : failure.type();
        String detail = overdue ? deadline.detail() : failure.detail();
        // a job stopped here had its thread interrupted: the object store's clean-up calls would fail at once with it
        boolean interrupted = Thread.interrupted();
        files.discardAll(stopping || handedOver.contains(job));
        if (cancelled.contains(job)) {
            log.info("Job {} stopped: cancelled ({})", job, detail);
            return true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (stopping) {
            // interrupted by shutdown, not a verdict on the source: let the lease move the job on
            log.info("Job {} interrupted by shutdown ({})", job, detail);
            return false;
        }
        if (INTERNAL_FAILURES.contains(type)) {
            log.warn("Job {} failed: {} {}", job, type.slug(), detail, failure);
        } else {
            log.info("Job {} failed: {} {}", job, type.slug(), detail);
        }
        events.failed(new JobFailed(job, identity.id(), type, detail, clock.instant(), assignment.epoch()));
        return true;
    }

    /**
     * Shutting down (SIGTERM): at the very start of the context's close — before the web server's graceful wait and
     * the Kafka containers stop, in which a download would otherwise run on — no new job is taken, each running job's
     * lease is handed back so that distribution places it elsewhere at once, and the jobs are stopped; what they
     * staged is deleted.
     */
    @EventListener(ContextClosedEvent.class)
    @PreDestroy
    void stop() {
        synchronized (running) {
            if (stopping) {
                return;
            }
            stopping = true;
        }
        for (AssignJob job : List.copyOf(running.values())) {
            handBack(job, "shutting down");
        }
        executor.shutdownNow();
        deadlines.shutdownNow();
    }
}

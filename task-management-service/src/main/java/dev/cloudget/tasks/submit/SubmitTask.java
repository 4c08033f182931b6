package dev.cloudget.tasks.submit;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.seeds.SeedState;
import dev.cloudget.contracts.seeds.SeedSummary;
import dev.cloudget.contracts.source.BitTorrentSource;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.TorrentSource;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.tasks.completion.TaskFinisher;
import dev.cloudget.tasks.content.ContentIndex;
import dev.cloudget.tasks.content.ResourceIndex;
import dev.cloudget.tasks.content.StoredContent;
import dev.cloudget.tasks.jdbc.SourceKeyLock;
import dev.cloudget.tasks.job.Job;
import dev.cloudget.tasks.job.JobStatus;
import dev.cloudget.tasks.job.Jobs;
import dev.cloudget.tasks.notify.Preferences;
import dev.cloudget.tasks.quota.ObjectSizeLimit;
import dev.cloudget.tasks.quota.Quotas;
import dev.cloudget.tasks.quota.SubmitSlot;
import dev.cloudget.tasks.remote.LinkClassifier;
import dev.cloudget.tasks.remote.SeedCatalog;
import dev.cloudget.tasks.task.Progress;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskPart;
import dev.cloudget.tasks.task.TaskStatus;
import dev.cloudget.tasks.task.Tasks;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Submits a task: answered from stored content, attached to the job already fetching its source key,
 * or given a new job announced through the outbox. Decisions for one source key are serialised by
 * {@link SourceKeyLock}, so concurrent submits of a new link make one job. The user's {@link Quotas} are checked
 * before anything else, and a file known to be larger than the {@link ObjectSizeLimit} is refused.
 */
@Service
public class SubmitTask {

    private static final Logger log = LoggerFactory.getLogger(SubmitTask.class);

    private final LinkClassifier classifier;
    private final SeedCatalog seeds;
    private final Tasks tasks;
    private final Jobs jobs;
    private final ContentIndex contentIndex;
    private final ResourceIndex resourceIndex;
    private final TaskFinisher finisher;
    private final SourceKeyLock lock;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Preferences preferences;
    private final Quotas quotas;
    private final ObjectSizeLimit sizeLimit;

    SubmitTask(LinkClassifier classifier, SeedCatalog seeds, Tasks tasks, Jobs jobs, ContentIndex contentIndex,
            ResourceIndex resourceIndex, TaskFinisher finisher, SourceKeyLock lock, TransactionTemplate transaction,
            Clock clock, MeterRegistry meters, Preferences preferences, Quotas quotas, ObjectSizeLimit sizeLimit) {
        this.preferences = preferences;
        this.quotas = quotas;
        this.sizeLimit = sizeLimit;
        this.classifier = classifier;
        this.seeds = seeds;
        this.tasks = tasks;
        this.jobs = jobs;
        this.contentIndex = contentIndex;
        this.resourceIndex = resourceIndex;
        this.finisher = finisher;
        this.lock = lock;
        this.transaction = transaction;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * @param idempotencyKey the client's {@code Idempotency-Key}, or null: the same key from the same
     *                       owner always yields the same task
     */
    public Submission submit(String owner, SubmitCommand asked, String idempotencyKey) {
        // the fingerprint is of what the request said; the task keeps whom it notifies with the defaults applied
        String fingerprint = asked.fingerprint();
        if (idempotencyKey != null) {
            Optional<Task> earlier = tasks.findByIdempotencyKey(owner, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), fingerprint);
            }
        }
        // before any work: a user over a quota costs no classification, no remote call
        SubmitSlot slot = quotas.admit(owner);
        SubmitCommand command = asked.subscribing(preferences.resolve(owner, asked.subscription()));
        // outside the transaction: a remote call must not hold a connection and a lock
        Source source = sourceOf(command);
        sizeLimit.check(source);
        Decided decided;
        try {
            decided = transaction.execute(status -> decide(owner, command, source, idempotencyKey, fingerprint));
        } catch (DuplicateKeyException raced) {
            // a concurrent request with the same Idempotency-Key committed first: this one is its replay
            quotas.release(slot);
            Optional<Task> earlier = idempotencyKey == null
                    ? Optional.empty()
                    : tasks.findByIdempotencyKey(owner, idempotencyKey);
            return replay(earlier.orElseThrow(() -> raced), fingerprint);
        }
        meters.counter("cloudget.tasks.submitted", "outcome", decided.outcome()).increment();
        log.info("Task {} accepted: {}", decided.task().id(), decided.outcome());
        Task task = decided.fromStoredContent() ? finishNow(decided) : decided.task();
        return new Submission(task, false);
    }

    /**
     * The canonical source the command names: its link as protocol conversion reads it, or the seed's torrent;
     * with the file selection applied, which only torrents and magnets take.
     */
    private Source sourceOf(SubmitCommand command) {
        if (command.seed() != null) {
            SeedSummary seed = seeds.summary(command.seed());
            if (seed.state() != SeedState.READY) {
                throw new ProblemException(HttpStatus.CONFLICT, Problems.SEED_NOT_READY, "Torrent not ready",
                        "Torrent " + seed.seed() + " is " + seed.state() + "; submit its magnet link instead, or "
                                + "wait until its metadata arrived");
            }
            if (seed.fileCount() == 1) {
                // the catalogue knows only the total, which is one file's size when there is one file
                sizeLimit.check(seed.name(), seed.totalSize());
            }
            FileSelection files = command.files() == null ? FileSelection.ALL : command.files();
            if (!files.all() && files.indices().getLast() >= seed.fileCount()) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.INVALID_FILE_SELECTION,
                        "No such file", "Torrent " + seed.seed() + " has " + seed.fileCount() + " files (0.."
                                + (seed.fileCount() - 1) + "); asked for file " + files.indices().getLast());
            }
            return new TorrentSource(seed.seed(), seed.infoHash(), files);
        }
        if (command.metalink() != null) {
            return command.metalink();
        }
        Source source = classifier.classify(command.link()).source();
        if (!command.mirrors().isEmpty()) {
            return withMirrors(source, command.mirrors());
        }
        if (command.files() == null) {
            return source;
        }
        if (!(source instanceof BitTorrentSource torrent)) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.INVALID_FILE_SELECTION,
                    "Not a torrent", "Only torrents and magnet links have files to select");
        }
        return torrent.withFiles(command.files());
    }

    /** A link with mirrors of the same file: each mirror read by protocol conversion too, and each a URL. */
    private Source withMirrors(Source source, List<String> mirrors) {
        if (!(source instanceof HttpSource http)) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.INVALID_LINK, "Mirrors of what",
                    "Only http, https and ftp links have mirrors");
        }
        List<URI> urls = new ArrayList<>();
        for (String mirror : mirrors) {
            if (!(classifier.classify(mirror).source() instanceof HttpSource url)) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.INVALID_LINK, "Not a mirror",
                        "Mirror " + mirror + " is not an http, https or ftp link");
            }
            if (!url.url().equals(http.url()) && !urls.contains(url.url())) {
                urls.add(url.url());
            }
        }
        return new HttpSource(http.url(), urls);
    }

    private Submission replay(Task earlier, String fingerprint) {
        if (!fingerprint.equals(earlier.requestFingerprint())) {
            throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.IDEMPOTENCY_CONFLICT,
                    "Idempotency key reused",
                    "This Idempotency-Key was already used for a different request (task " + earlier.id() + ")");
        }
        return new Submission(earlier, true);
    }

    /**
     * Stored content answers the task the way a job's completion does: the task is committed on the
     * completed job that stored it, and its entry addresses are minted after the commit, outside the
     * transaction and the key's lock, by the {@link TaskFinisher}. The entry ids derive from the task,
     * so a retry (here, or by the finisher's schedule) answers the same entries; a rollback never
     * leaves orphaned entries behind because nothing was minted before the commit. If storage is down,
     * the client gets its task still DOWNLOADING, and the schedule completes it once storage answers.
     */
    private Decided decide(String owner, SubmitCommand command, Source source, String idempotencyKey,
            String fingerprint) {
        SourceKey key = source.key();
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        // counted again under the user's lock, which holds until this task is committed: concurrent submits of one
        // user, on any replica, cannot pass the limit together (taken before the key's lock, always in this order)
        quotas.holdTasksInFlight(owner);

        // a selection of a torrent's files: each stored file is indexed by itself too, whichever job stored it
        BitTorrentSource selection = source instanceof BitTorrentSource torrent && !torrent.files().all()
                ? torrent
                : null;

        // Stored content (the dedup hit) needs no lock: the key's lock guards only the decision to start a job, so a
        // popular link does not queue everyone who asks for it. Without a hit, look again under the lock: a job may
        // have completed in between.
        // what a link served is reused only while fresh; a stale copy is revalidated by the job (see Freshness)
        Optional<StoredContent> indexed = contentIndex.live(key);
        Optional<StoredContent> stored = indexed.filter(content -> !content.staleAt(now));
        Map<JobId, List<StoredFile>> storedFiles = Map.of();
        if (stored.isEmpty() && selection != null) {
            storedFiles = contentIndex.storedFilesOf(selection);
            if (allStored(selection, storedFiles)) {
                // every selected file is stored, by whichever jobs: no job to start, no lock either
                return fromSeveralJobs(owner, command, selection, storedFiles, List.of(), idempotencyKey,
                        fingerprint, id, now).orElseThrow();
            }
        }
        if (stored.isEmpty()) {
            lock.lock(key);
            indexed = contentIndex.live(key);
            stored = indexed.filter(content -> !content.staleAt(now));
            if (stored.isEmpty() && selection != null) {
                storedFiles = contentIndex.storedFilesOf(selection);
            }
        }
        if (stored.isPresent()) {
            refuseTooLarge(stored.get().files());
            Task task = new Task(id, owner, command.displaySource(), key, stored.get().job(), TaskStatus.DOWNLOADING,
                    Progress.done(stored.get().files()), List.of(), null, command.subscription(), command.validDays(),
                    idempotencyKey, fingerprint, now, now, null, ContentIndex.wantedOf(stored.get()), List.of(),
                    Task.STORED);
            tasks.add(task);
            return new Decided(task, "stored", new StoredJob(jobs.find(stored.get().job()).orElseThrow(),
                    stored.get().files()));
        }

        if (selection != null && allStored(selection, storedFiles)) {
            return fromSeveralJobs(owner, command, selection, storedFiles, List.of(), idempotencyKey, fingerprint, id,
                    now).orElseThrow();
        }
        // the torrent's selections in flight, read once for both questions below
        List<Jobs.Fetching> selections = new ArrayList<>();
        Optional<Job> inFlight = jobs.inFlightCovering(source, () -> {
            // asked only for a torrent's source
            selections.addAll(jobs.selectionsInFlight(((BitTorrentSource) source).infoHash()));
            return selections;
        });
        if (inFlight.isEmpty() && selection != null) {
            Optional<Decided> shared = fromSeveralJobs(owner, command, selection, storedFiles, selections,
                    idempotencyKey, fingerprint, id, now);
            if (shared.isPresent()) {
                return shared.get();
            }
        }
        Source toFetch = revalidating(source, indexed.orElse(null));
        Job job = inFlight.orElseGet(() -> jobs.request(key, resourceIndex.withKnownSources(toFetch), owner));
        Task task = new Task(id, owner, command.displaySource(), key, job.id(),
                job.status() == JobStatus.DOWNLOADING ? TaskStatus.DOWNLOADING : TaskStatus.QUEUED,
                new Progress(job.bytesDone(), job.bytesTotal(), job.bytesPerSecond()), List.of(), null,
                command.subscription(), command.validDays(), idempotencyKey, fingerprint, now, now, null,
                source instanceof BitTorrentSource torrent ? torrent.files() : FileSelection.ALL, List.of(), null);
        tasks.add(task);
        return new Decided(task, inFlight.isPresent() ? "attached" : "new-job");
    }

    /**
     * Some of the selected files are stored (by one or more earlier jobs) or being fetched (by jobs in flight for
     * other selections of the torrent): the task takes each from there, and only the rest is fetched, by a job for
     * just those files. The task's own job is that one, else one in flight, else a stored one; the others are its
     * parts. When stored content holds every selected file the task is answered at once.
     */
    private Optional<Decided> fromSeveralJobs(String owner, SubmitCommand command, BitTorrentSource torrent,
            Map<JobId, List<StoredFile>> storedFiles, List<Jobs.Fetching> selectionsInFlight, String idempotencyKey,
            String fingerprint, UUID id, Instant now) {
        List<Integer> missing = new ArrayList<>(torrent.files().indices());
        List<TaskPart> stored = new ArrayList<>();
        storedFiles.forEach((job, files) -> {
            List<Integer> indices = files.stream().map(StoredFile::index).toList();
            missing.removeAll(indices);
            stored.add(new TaskPart(job, FileSelection.of(indices)));
        });
        List<TaskPart> fetching = new ArrayList<>();
        for (Jobs.Fetching running : selectionsInFlight) {
            if (missing.isEmpty()) {
                break;
            }
            List<Integer> shared = missing.stream().filter(running.files()::includes).toList();
            if (!shared.isEmpty()) {
                missing.removeAll(shared);
                fetching.add(new TaskPart(running.job().id(), FileSelection.of(shared)));
            }
        }
        if (stored.isEmpty() && fetching.isEmpty()) {
            return Optional.empty();
        }
        storedFiles.values().forEach(this::refuseTooLarge);
        List<TaskPart> parts = new ArrayList<>(fetching);
        parts.addAll(stored);
        Job own;
        FileSelection wanted;
        if (!missing.isEmpty()) {
            BitTorrentSource rest = torrent.withFiles(FileSelection.of(missing));
            own = jobs.request(rest.key(), rest, owner);
            wanted = rest.files();
        } else {
            TaskPart first = parts.removeFirst();
            own = jobs.find(first.job()).orElseThrow();
            wanted = first.wanted();
        }
        boolean answered = own.status() == JobStatus.COMPLETED && fetching.isEmpty();
        long storedBytes = storedFiles.values().stream().flatMap(List::stream).mapToLong(StoredFile::size).sum();
        Progress progress = answered
                ? Progress.done(storedBytes)
                : new Progress(own.bytesDone(), own.bytesTotal(), own.bytesPerSecond());
        TaskStatus status = answered || own.status() == JobStatus.DOWNLOADING ? TaskStatus.DOWNLOADING : TaskStatus.QUEUED;
        Task task = new Task(id, owner, command.displaySource(), torrent.key(), own.id(), status, progress, List.of(),
                null, command.subscription(), command.validDays(), idempotencyKey, fingerprint, now, now, null, wanted,
                parts, answered ? Task.STORED : null);
        tasks.add(task);
        return Optional.of(new Decided(task, answered ? "stored" : "shared"));
    }

    /** A link whose stored copy went stale, with that copy to ask the origin about when it gave validators. */
    private static Source revalidating(Source source, StoredContent stale) {
        if (source instanceof HttpSource http && stale != null && (stale.etag() != null || stale.lastModified() != null)) {
            return http.revalidating(stale.copy());
        }
        return source;
    }

    /** Stored content answers no task for a file larger than this installation now stores. */
    private void refuseTooLarge(Collection<StoredFile> files) {
        for (StoredFile file : files) {
            sizeLimit.check(file.path(), file.size());
        }
    }

    private static boolean allStored(BitTorrentSource selection, Map<JobId, List<StoredFile>> storedFiles) {
        return storedFiles.values().stream().mapToInt(List::size).sum() == selection.files().indices().size();
    }

    /** The task with its entry addresses; as committed when storage cannot mint them now. */
    private Task finishNow(Decided decided) {
        Task task = decided.task();
        try {
            return decided.stored() != null
                    ? finisher.finishStored(task, decided.stored().job(), decided.stored().files())
                    : finisher.finish(task.id()).orElse(task);
        } catch (RuntimeException e) {
            log.warn("Task {} answered from stored content gets its entry addresses later: {}", task.id(),
                    e.toString());
            return task;
        }
    }

    /** A completed job and the files it stored. */
    private record StoredJob(Job job, List<StoredFile> files) {
    }

    /** {@code stored}: the stored content that answered the task, when one job's content did. */
    private record Decided(Task task, String outcome, StoredJob stored) {

        Decided(Task task, String outcome) {
            this(task, outcome, null);
        }

        boolean fromStoredContent() {
            return "stored".equals(outcome);
        }
    }
}

package dev.cloudget.worker.jobs;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.storage.RegisterContent;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.contracts.worker.JobCheckpoint;
import dev.cloudget.contracts.worker.UploadedPart;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.worker.digest.ContentDigests;
import dev.cloudget.worker.digest.DigestingInputStream;
import dev.cloudget.worker.engine.BodySink;
import dev.cloudget.worker.engine.Checkpoints;
import dev.cloudget.worker.engine.DownloadException;
import dev.cloudget.worker.engine.FetchedFile;
import dev.cloudget.worker.engine.FileIngest;
import dev.cloudget.worker.engine.Resume;
import dev.cloudget.worker.staging.ContentRegistry;
import dev.cloudget.worker.staging.ObjectTooLargeException;
import dev.cloudget.worker.staging.StagingKeys;
import dev.cloudget.worker.staging.StagingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The files one job stores: each streamed to an object of its own ({@code uploads/<job>/<epoch>/<n>}), then
 * registered with storage-service under its hash, which from then on owns the object (keeps it as the content's, or
 * removes it as a duplicate). What a failed job uploaded and did not register is deleted.
 *
 * <p>A file an engine fetches from an origin that serves ranges, at least two checkpoint intervals long, goes up as a
 * multipart upload whose every part is a checkpoint ({@link Checkpointer}): a successor carries on from the parts
 * (see {@link #resumeFrom}). Such an upload is never deleted by a worker that hands its job over (shutdown, drain, a
 * lease revoked), only aborted when the job ends here for good, and its object is never deleted by this worker unless
 * it completed it itself: a successor may have made the parts its prefix.
 */
final class JobFiles implements FileIngest {

    private static final Logger log = LoggerFactory.getLogger(JobFiles.class);
    /**
     * The most files stored whole that a checkpoint names (a message stays well under the broker's 1 MB): of a torrent
     * of more files, the next worker fetches the rest again.
     */
    private static final int MAX_FILES_NAMED = 1_000;

    /**
     * Publishes that the first {@code bytes} of the file at {@code key} (the torrent's file at position {@code file},
     * or null) are stored, and which of the job's files are stored whole ({@code stored}); must not throw. With
     * {@code key} null, only the files stored whole. Returns whether distribution has it for certain (the broker
     * confirmed it): only then may the engine fetch further ahead.
     */
    @FunctionalInterface
    interface Checkpointer {
        boolean checkpoint(String key, String uploadId, List<UploadedPart> parts, long bytes, long length,
                String validator, Integer file, List<StoredFile> stored);
    }

    /** The stored parts of one file's checkpointed upload. */
    private record Upload(String key, String uploadId, List<UploadedPart> parts, long bytes, long length,
            String validator, Integer file) {
    }

    private final JobId job;
    private final LeaseEpoch epoch;
    private final StagingStore staging;
    private final ContentRegistry contents;
    private final long checkpointInterval;
    private final Checkpointer checkpointer;
    private final List<String> staged = new ArrayList<>();
    /** Keys registered (storage-service's now) or already discarded: nothing left for {@link #discardAll} to do. */
    private final Set<String> settled = new HashSet<>();
    /** Checkpointed uploads not completed, by key: their upload ids. */
    private final Map<String, String> openUploads = new HashMap<>();
    /** Earlier leases' stored prefixes this job carries on from, deleted once it no longer needs them. */
    private final List<String> prefixes = new ArrayList<>();
    /** A torrent's files stored whole and registered, in the order they were. */
    private final List<StoredFile> storedWhole = new ArrayList<>();
    /** Bytes of files stored whole since the last checkpoint named them. */
    private long wholeSinceCheckpoint;
    /** A torrent's checkpointed uploads under way, by file position. */
    private final Map<Integer, Upload> torrentUploads = new HashMap<>();
    private boolean checkpointed;
    private Runnable storing = () -> { };

    /** With {@code checkpointInterval} 0, nothing is checkpointed. */
    JobFiles(JobId job, LeaseEpoch epoch, StagingStore staging, ContentRegistry contents, long checkpointInterval,
            Checkpointer checkpointer) {
        this.job = job;
        this.epoch = epoch;
        this.staging = staging;
        this.contents = contents;
        this.checkpointInterval = checkpointer == null ? 0 : checkpointInterval;
        this.checkpointer = checkpointer;
    }

    /**
     * Carries on from an earlier lease's checkpoint: its parts are completed into an object — which also ends that
     * upload, so the earlier worker, should it still run, can add nothing to it — and read back as the file's first
     * bytes. Null when nothing usable is stored (then the job starts over).
     */
    Resume resumeFrom(JobCheckpoint checkpoint) {
        if (!checkpoint.hasUpload()) {
            return null;
        }
        String key = checkpoint.key();
        try {
            try {
                staging.completeUpload(key, checkpoint.uploadId(), checkpoint.parts());
            } catch (Exception e) {
                // completed already by an earlier successor that stopped in turn, or gone
                log.info("Job {}: checkpointed upload of {} not completed ({}); looking for its object", job, key,
                        e.toString());
            }
            long size = staging.size(key);
            if (size != checkpoint.bytes()) {
                log.info("Job {}: the checkpoint's {} holds {} bytes, not the {} checkpointed; starting over", job, key,
                        size, checkpoint.bytes());
                return null;
            }
            synchronized (this) {
                prefixes.add(key);
            }
            return new Resume(checkpoint.bytes(), checkpoint.length(), checkpoint.validator(), staging.open(key));
        } catch (Exception e) {
            log.warn("Job {}: the checkpoint at {} cannot be read back ({}); starting over", job, key, e.toString());
            return null;
        }
    }

    /** A fresh staging key for the next file (or the next attempt at one). Engines may store files concurrently. */
    synchronized String nextKey() {
        String key = StagingKeys.of(job, epoch, staged.size());
        staged.add(key);
        return key;
    }

    /**
     * Streams one file of a multi-file download (a torrent's) through the hashes into storage. A torrent's file at
     * least two checkpoint intervals long goes up checkpointed (its path in the torrent the validator), and every
     * file stored whole is checkpointed too: the next worker fetches neither again.
     */
    @Override
    public StoredFile store(String path, Integer index, InputStream body, long length) throws DownloadException {
        String key = nextKey();
        ContentDigests digests = new ContentDigests();
        InputStream digesting = new DigestingInputStream(body, digests);
        try {
            if (index != null && checkpointInterval > 0 && length >= 2 * checkpointInterval) {
                staging.putCheckpointed(key, digesting, length, StagingStore.checkpointSpacing(length,
                        checkpointInterval), (uploadId, parts, bytes) -> {
                            synchronized (this) {
                                openUploads.put(key, uploadId);
                                checkpointed = true;
                                torrentUploads.put(index, new Upload(key, uploadId, parts, bytes, length, path,
                                        index));
                            }
                            publishTorrentCheckpoint();
                        });
                synchronized (this) {
                    openUploads.remove(key);
                    torrentUploads.remove(index);
                }
            } else {
                staging.put(key, digesting, length);
            }
        } catch (ObjectTooLargeException e) {
            throw new DownloadException(FailureType.TOO_LARGE, e.getMessage(), e);
        } catch (Exception e) {
            throw DownloadException.notStored("upload failed", e);
        }
        // the store took exactly length bytes, or failed
        ContentDigests.Digested file = digests.digest();
        register(key, file.sha256(), file.size(), file.crc32());
        StoredFile stored = new StoredFile(path, file.size(), file.sha256(), index, file.ed2k());
        if (index != null && checkpointInterval > 0) {
            boolean due;
            synchronized (this) {
                storedWhole.add(stored);
                wholeSinceCheckpoint += stored.size();
                due = wholeSinceCheckpoint >= checkpointInterval && storedWhole.size() <= MAX_FILES_NAMED;
            }
            if (due) {
                publishTorrentCheckpoint();
            }
        }
        return stored;
    }

    /**
     * Tells distribution which of the torrent's files are stored whole, and how far the upload under way with the
     * most bytes stored is: distribution keeps one checkpoint per job, so of several files stored at once the next
     * worker carries on from the furthest along; the others start over. Made for every part stored, and once files
     * stored whole add up to a checkpoint interval since the last.
     */
    private void publishTorrentCheckpoint() {
        Upload furthest;
        List<StoredFile> whole;
        synchronized (this) {
            furthest = torrentUploads.values().stream().max(Comparator.comparingLong(Upload::bytes))
                    .orElse(null);
            whole = List.copyOf(storedWhole.subList(0, Math.min(storedWhole.size(), MAX_FILES_NAMED)));
            wholeSinceCheckpoint = 0;
        }
        if (furthest == null) {
            checkpointer.checkpoint(null, null, List.of(), 0, 0, null, null, whole);
        } else {
            checkpointer.checkpoint(furthest.key(), furthest.uploadId(), furthest.parts(), furthest.bytes(),
                    furthest.length(), furthest.validator(), furthest.file(), whole);
        }
    }

    /** Registers a file an engine already streamed to {@code key}. */
    StoredFile registered(String key, FetchedFile file, String path) throws DownloadException {
        register(key, file.sha256(), file.size(), file.crc32());
        return new StoredFile(path, file.size(), file.sha256(), null, file.ed2k());
    }

    /** Told before each file is registered. */
    void storing(Runnable storing) {
        this.storing = storing;
    }

    private void register(String key, dev.cloudget.contracts.ContentHash sha256, long size, long crc32)
            throws DownloadException {
        storing.run();
        try {
            contents.register(new RegisterContent(key, sha256, size, crc32, job, epoch));
            settle(key);
        } catch (HttpClientErrorException.Conflict e) {
            if (!e.getResponseBodyAsString().contains(Problems.LEASE_LOST.toString())) {
                throw DownloadException.notStored("storage-service answered 409", e);
            }
            // storage-service removed the upload: nothing of it is left to discard
            settle(key);
            throw new LeaseLostException("lease " + epoch.value() + " of job " + job + " is no longer current; "
                    + "storage-service refused its file", e);
        } catch (RestClientResponseException e) {
            throw DownloadException.notStored("storage-service answered " + e.getStatusCode().value(), e);
        } catch (RestClientException e) {
            throw DownloadException.notStored("storage-service unreachable", e);
        }
    }

    /**
     * Where an engine streams a file it fetches itself, to be {@link #registered} or {@link #discard}ed: checkpointed
     * when the origin serves ranges and the file is at least two intervals long, every half interval (a part), so that
     * the engine, which fetches at most an interval beyond the last checkpoint, keeps fetching while a part is stored.
     */
    BodySink sinkFor(String key) {
        return new BodySink() {

            private String validator;
            private Checkpoints checkpoints = Checkpoints.none();

            @Override
            public Checkpoints resumable(String validator, long length) {
                this.validator = validator;
                if (checkpointInterval > 0 && length >= 2 * checkpointInterval) {
                    try {
                        long spacing = StagingStore.checkpointSpacing(length, checkpointInterval);
                        // a file too long for 10,000 parts of half an interval (over 320 GiB at 32 MB) has longer
                        // parts: the interval grows to one part (what a successor may fetch again grows with it)
                        checkpoints = Checkpoints.every(spacing, Math.max(checkpointInterval, spacing));
                    } catch (ObjectTooLargeException e) {
                        // store refuses it before reading a byte
                        checkpoints = Checkpoints.none();
                    }
                }
                return checkpoints;
            }

            @Override
            public void store(InputStream body, long length) throws Exception {
                String heldTo = validator;
                Checkpoints every = checkpoints;
                if (heldTo == null || !every.any()) {
                    try {
                        staging.put(key, body, length);
                    } catch (ObjectTooLargeException e) {
                        throw new DownloadException(FailureType.TOO_LARGE, e.getMessage(), e);
                    }
                    return;
                }
                staging.putCheckpointed(key, body, length, every.spacing(), (uploadId, parts, bytes) -> {
                    synchronized (JobFiles.this) {
                        openUploads.put(key, uploadId);
                        checkpointed = true;
                    }
                    if (checkpointer.checkpoint(key, uploadId, parts, bytes, length, heldTo, null, List.of())) {
                        every.stored(bytes);
                    }
                });
                synchronized (JobFiles.this) {
                    openUploads.remove(key);
                }
            }
        };
    }

    /** Deletes one staged object that will not be registered (a source whose bytes failed verification). */
    void discard(String key) {
        String upload;
        synchronized (this) {
            upload = openUploads.remove(key);
        }
        if (upload != null) {
            staging.abortQuietly(key, upload);
        } else {
            staging.deleteQuietly(key);
        }
        settle(key);
    }

    private synchronized void settle(String key) {
        settled.add(key);
    }

    /**
     * Deletes everything this job uploaded and did not register, and the prefixes it carried on from: after a failure
     * or a cancellation nothing of it is worth keeping. When the job is {@code handedOver} to another worker instead,
     * checkpointed uploads stay for it to carry on from, and so does a prefix this job has not checkpointed past yet.
     * A checkpointed upload is only ever aborted, its object never deleted: a successor may have completed its parts
     * into its own prefix. Registered objects are storage-service's now (other tasks may be served from them).
     */
    void discardAll(boolean handedOver) {
        List<String> keys;
        Map<String, String> uploads;
        List<String> carriedOn;
        synchronized (this) {
            keys = staged.stream().filter(key -> !settled.contains(key)).toList();
            uploads = Map.copyOf(openUploads);
            carriedOn = handedOver && !checkpointed ? List.of() : List.copyOf(prefixes);
        }
        for (String key : keys) {
            String upload = uploads.get(key);
            if (upload == null) {
                staging.deleteQuietly(key);
            } else if (!handedOver) {
                staging.abortQuietly(key, upload);
            }
        }
        carriedOn.forEach(staging::deleteQuietly);
    }

    /** The job's files are registered: the prefixes it carried on from are not needed any more. */
    void finished() {
        List<String> carriedOn;
        synchronized (this) {
            carriedOn = List.copyOf(prefixes);
        }
        carriedOn.forEach(staging::deleteQuietly);
    }
}

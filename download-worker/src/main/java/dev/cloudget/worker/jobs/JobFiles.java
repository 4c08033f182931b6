package dev.cloudget.worker.jobs;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.storage.RegisterContent;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.worker.digest.ContentDigests;
import dev.cloudget.worker.digest.DigestingInputStream;
import dev.cloudget.worker.engine.BodySink;
import dev.cloudget.worker.engine.DownloadException;
import dev.cloudget.worker.engine.FetchedFile;
import dev.cloudget.worker.engine.FileIngest;
import dev.cloudget.worker.staging.ContentRegistry;
import dev.cloudget.worker.staging.ObjectTooLargeException;
import dev.cloudget.worker.staging.StagingKeys;
import dev.cloudget.worker.staging.StagingStore;
import org.springframework.web.client.RestClientException;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files one job stores: each streamed to an object of its own ({@code uploads/<job>/<epoch>/<n>}), then
 * registered with storage-service under its hash, which from then on owns the object (keeps it as the content's, or
 * removes it as a duplicate). What a failed job uploaded and did not register is deleted.
 */
final class JobFiles implements FileIngest {

    private final JobId job;
    private final LeaseEpoch epoch;
    private final StagingStore staging;
    private final ContentRegistry contents;
    private final List<String> staged = new ArrayList<>();
    /** Keys registered (storage-service's now) or already discarded: nothing left for {@link #discardAll} to do. */
    private final Set<String> settled = new HashSet<>();

    JobFiles(JobId job, LeaseEpoch epoch, StagingStore staging, ContentRegistry contents) {
        this.job = job;
        this.epoch = epoch;
        this.staging = staging;
        this.contents = contents;
    }

    /** A fresh staging key for the next file (or the next attempt at one). Engines may store files concurrently. */
    synchronized String nextKey() {
        String key = StagingKeys.of(job, epoch, staged.size());
        staged.add(key);
        return key;
    }

    /** Streams one file of a multi-file download (a torrent's) through the hashes into storage. */
    @Override
    public StoredFile store(String path, Integer index, InputStream body, long length) throws DownloadException {
        String key = nextKey();
        ContentDigests digests = new ContentDigests();
        try {
            staging.put(key, new DigestingInputStream(body, digests), length);
        } catch (ObjectTooLargeException e) {
            throw new DownloadException(FailureType.TOO_LARGE, e.getMessage(), e);
        } catch (Exception e) {
            throw new DownloadException(FailureType.STORAGE_ERROR, "could not stage " + path + ": " + e.getMessage(), e);
        }
        // the store took exactly length bytes, or failed
        ContentDigests.Digested file = digests.digest();
        register(key, file.sha256(), file.size(), file.crc32());
        return new StoredFile(path, file.size(), file.sha256(), index, file.ed2k());
    }

    /** Registers a file an engine already streamed to {@code key}. */
    StoredFile registered(String key, FetchedFile file, String path) throws DownloadException {
        register(key, file.sha256(), file.size(), file.crc32());
        return new StoredFile(path, file.size(), file.sha256(), null, file.ed2k());
    }

    private void register(String key, dev.cloudget.contracts.ContentHash sha256, long size, long crc32)
            throws DownloadException {
        try {
            contents.register(new RegisterContent(key, sha256, size, crc32));
            settle(key);
        } catch (RestClientException e) {
            throw new DownloadException(FailureType.STORAGE_ERROR,
                    "storage-service did not register the content: " + e.getMessage(), e);
        }
    }

    /** Where an engine streams a file it fetches itself, to be {@link #registered} or {@link #discard}ed. */
    BodySink sinkFor(String key) {
        return (body, length) -> staging.put(key, body, length);
    }

    /** Deletes one staged object that will not be registered (a source whose bytes failed verification). */
    void discard(String key) {
        staging.deleteQuietly(key);
        settle(key);
    }

    private synchronized void settle(String key) {
        settled.add(key);
    }

    /**
     * Deletes everything this job uploaded and did not register: after a failure, nothing of it is worth keeping.
     * Registered objects are storage-service's now (other tasks may be served from them).
     */
    void discardAll() {
        List<String> keys;
        synchronized (this) {
            keys = staged.stream().filter(key -> !settled.contains(key)).toList();
        }
        keys.forEach(staging::deleteQuietly);
    }
}

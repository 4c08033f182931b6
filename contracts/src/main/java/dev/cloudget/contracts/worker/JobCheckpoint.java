package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;

import java.time.Instant;
import java.util.List;

/**
 * Worker → task-distribution ({@link dev.cloudget.contracts.Topics#WORKER_JOB_CHECKPOINT}), after each part it stored:
 * the first {@code bytes} bytes of a file of the job, of {@code length} in all, are the {@code parts} of multipart
 * upload {@code uploadId} at {@code key} in the object store, fetched from an origin that {@code validator} holds to
 * that file (a strong ETag or a Last-Modified, as {@code If-Range} takes it; an FTP file's modification time and size;
 * a torrent file's path in the torrent). Distribution keeps the latest checkpoint of the job's current lease (refusing
 * any other epoch's) and hands it to the next worker with the job ({@link AssignJob#resumeFrom}), which carries on
 * from byte {@code bytes} instead of from the start.
 * <p>
 * A torrent's job stores several files: {@code file} is the position in the torrent of the one whose upload this is
 * (null for a job of one file), and {@code stored} the files the job already stored and registered, which the next
 * worker does not fetch again. A checkpoint may name stored files only, with no upload ({@code key} null).
 */
public record JobCheckpoint(
        JobId job,
        LeaseEpoch epoch,
        String workerId,
        String key,
        String uploadId,
        List<UploadedPart> parts,
        long bytes,
        long length,
        String validator,
        Instant at,
        Integer file,
        List<StoredFile> stored) {

    public JobCheckpoint {
        parts = parts == null ? List.of() : List.copyOf(parts);
        stored = stored == null ? List.of() : List.copyOf(stored);
    }

    /** A checkpoint of a job of one file. */
    public JobCheckpoint(JobId job, LeaseEpoch epoch, String workerId, String key, String uploadId,
            List<UploadedPart> parts, long bytes, long length, String validator, Instant at) {
        this(job, epoch, workerId, key, uploadId, parts, bytes, length, validator, at, null, List.of());
    }

    /** Whether it names an upload to carry on from (else only the files stored). */
    public boolean hasUpload() {
        return key != null && uploadId != null && bytes > 0;
    }
}

package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;

import java.time.Instant;
import java.util.List;

/**
 * Worker → task-distribution ({@link dev.cloudget.contracts.Topics#WORKER_JOB_CHECKPOINT}), after each part it stored:
 * the first {@code bytes} bytes of the job's file, of {@code length} in all, are the {@code parts} of multipart upload
 * {@code uploadId} at {@code key} in the object store, fetched from an origin that {@code validator} (a strong ETag or
 * a Last-Modified, as {@code If-Range} takes it) holds to that file. Distribution keeps the latest checkpoint of the
 * job's current lease (refusing any other epoch's) and hands it to the next worker with the job
 * ({@link AssignJob#resumeFrom}), which carries on from byte {@code bytes} instead of from the start.
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
        Instant at) {

    public JobCheckpoint {
        parts = parts == null ? List.of() : List.copyOf(parts);
    }
}

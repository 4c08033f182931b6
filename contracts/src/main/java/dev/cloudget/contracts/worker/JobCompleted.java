package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;

import java.time.Instant;
import java.util.List;

/**
 * The worker stored every file of the job and registered it with storage-service.
 *
 * @param origin  what an HTTP origin said about the file's response (freshness, validators); null for other sources
 * @param sources which URLs served the files' bytes, and which served other bytes (for the resource index)
 * @param epoch   the lease the worker ran the job under: task-distribution passes the completion on only for the
 *                job's current lease
 */
public record JobCompleted(JobId job, String workerId, List<StoredFile> files, Instant completedAt,
        OriginResponse origin, List<SourceReport> sources, LeaseEpoch epoch) {

    public JobCompleted(JobId job, String workerId, List<StoredFile> files, Instant completedAt) {
        this(job, workerId, files, completedAt, null, List.of(), null);
    }

    public JobCompleted(JobId job, String workerId, List<StoredFile> files, Instant completedAt,
            OriginResponse origin, List<SourceReport> sources) {
        this(job, workerId, files, completedAt, origin, sources, null);
    }

    public JobCompleted {
        files = List.copyOf(files);
        sources = sources == null ? List.of() : List.copyOf(sources);
    }
}

package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;

import java.time.Instant;
import java.util.List;

/**
 * The worker stored every file of the job and registered it with storage-service.
 *
 * @param origin what an HTTP origin said about the file's response (freshness, validators); null for other sources
 */
public record JobCompleted(JobId job, String workerId, List<StoredFile> files, Instant completedAt,
        OriginResponse origin) {

    public JobCompleted(JobId job, String workerId, List<StoredFile> files, Instant completedAt) {
        this(job, workerId, files, completedAt, null);
    }

    public JobCompleted {
        files = List.copyOf(files);
    }
}

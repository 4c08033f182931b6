package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;

import java.time.Instant;
import java.util.List;

/** The worker stored every file of the job and registered it with storage-service. */
public record JobCompleted(JobId job, String workerId, List<StoredFile> files, Instant completedAt) {

    public JobCompleted {
        files = List.copyOf(files);
    }
}

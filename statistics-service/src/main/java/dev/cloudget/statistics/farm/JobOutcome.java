package dev.cloudget.statistics.farm;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.worker.JobCompleted;
import dev.cloudget.contracts.worker.JobFailed;
import dev.cloudget.contracts.worker.StoredFile;

import java.time.Instant;
import java.util.Objects;

/** How one job ended on the worker that ran it under its current lease: what {@code byWorker} counts. */
public record JobOutcome(JobId job, String worker, boolean completed, long bytes, String failureType,
        Instant endedAt) {

    public JobOutcome {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(endedAt, "endedAt");
        if (worker == null || worker.isBlank()) {
            throw new IllegalArgumentException("a job outcome without worker: " + job);
        }
    }

    public static JobOutcome of(JobCompleted event) {
        return new JobOutcome(event.job(), event.workerId(), true,
                event.files().stream().mapToLong(StoredFile::size).sum(), null, event.completedAt());
    }

    public static JobOutcome of(JobFailed event) {
        return new JobOutcome(event.job(), event.workerId(), false, 0,
                event.type() == null ? null : event.type().slug(), event.failedAt());
    }
}

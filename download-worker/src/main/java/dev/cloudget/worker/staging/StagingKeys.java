package dev.cloudget.worker.staging;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;

/**
 * Where a worker uploads the files of a job: {@code uploads/<jobId>/<epoch>/<index>}. storage-service keeps the
 * object as the content's own when the content is new, and drops it when the content was stored already. The epoch
 * keeps a presumed-dead worker's upload apart from its successor's.
 */
public final class StagingKeys {

    private StagingKeys() {
    }

    public static String of(JobId job, LeaseEpoch epoch, int fileIndex) {
        return "uploads/" + job + "/" + epoch.value() + "/" + fileIndex;
    }
}

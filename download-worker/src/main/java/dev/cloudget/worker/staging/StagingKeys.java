package dev.cloudget.worker.staging;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;

/**
 * Where a worker uploads the files of a job: {@code staging/<jobId>/<epoch>/<index>}. The epoch keeps a
 * presumed-dead worker's upload apart from its successor's.
 */
public final class StagingKeys {

    private StagingKeys() {
    }

    public static String of(JobId job, LeaseEpoch epoch, int fileIndex) {
        return "staging/" + job + "/" + epoch.value() + "/" + fileIndex;
    }
}

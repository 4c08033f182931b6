package dev.cloudget.tasks.job;

/** Where the cloud's one fetch of a source key stands. */
public enum JobStatus {
    QUEUED, DOWNLOADING, COMPLETED, FAILED, CANCELLED;

    /** Not finished: tasks for the same source key attach to it. */
    public boolean inFlight() {
        return this == QUEUED || this == DOWNLOADING;
    }
}

package dev.cloudget.tasks.task;

/** Where a user's task stands. QUEUED and DOWNLOADING follow the job the task is attached to. */
public enum TaskStatus {
    QUEUED, DOWNLOADING, COMPLETED, FAILED, CANCELLED, EXPIRED;

    /** Still waiting for its job: completion, failure or cancellation will change it. */
    public boolean inFlight() {
        return this == QUEUED || this == DOWNLOADING;
    }
}

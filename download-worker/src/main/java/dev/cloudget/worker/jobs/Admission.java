package dev.cloudget.worker.jobs;

/** The worker's answer to an assignment. */
public enum Admission {
    /** The job was started now. */
    STARTED,
    /** The job was already running here (a repeated assignment); nothing new was started. */
    ALREADY_RUNNING,
    /**
     * The job already ran here under this very lease and its outcome was published (distribution re-sent an
     * assignment whose 202 it never saw); nothing new was started.
     */
    ALREADY_RAN,
    /** Every slot is taken; the job was not started. */
    FULL
}

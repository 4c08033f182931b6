package dev.cloudget.worker.jobs;

/** The worker's answer to an assignment. */
public enum Admission {
    /** The job was started now. */
    STARTED,
    /** The job was already running here (a repeated assignment); nothing new was started. */
    ALREADY_RUNNING,
    /** Every slot is taken; the job was not started. */
    FULL
}

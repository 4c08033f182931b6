package dev.cloudget.worker.jobs;

import dev.cloudget.contracts.JobId;

/**
 * In-process signal: a job ended on this worker (done, failed, handed over or stopped), so a slot is free. The
 * heartbeat says so at once rather than at its next beat, so that task-distribution can place a waiting job here.
 */
public record JobEnded(JobId job) {
}

package dev.cloudget.distribution.jobs;

import dev.cloudget.contracts.JobId;

/**
 * In-process signal, once the transaction that ended the lease commits: a job finished (completed or failed) on
 * {@code workerId}, whose slot is free for a job that waits.
 */
public record SlotFreed(JobId job, String workerId) {
}

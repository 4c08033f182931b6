package dev.cloudget.distribution.jobs;

import dev.cloudget.contracts.JobId;

/** In-process signal: a new job waits for a worker, so the dispatcher need not wait for its next round. */
public record JobWaiting(JobId job) {
}

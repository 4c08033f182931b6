package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;

/** A job a worker runs, and the lease it runs it under: what its heartbeats renew. */
public record JobLease(JobId job, LeaseEpoch epoch) {
}

package dev.cloudget.contracts.tasks;

import dev.cloudget.contracts.JobId;

import java.time.Instant;

/** Every task attached to the job was cancelled; the fetch may stop. */
public record JobCancelled(JobId job, Instant cancelledAt) {
}

package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;

import java.time.Instant;

/** The job cannot succeed: {@code type} says why, {@code detail} says what the origin said. */
public record JobFailed(JobId job, String workerId, FailureType type, String detail, Instant failedAt) {
}

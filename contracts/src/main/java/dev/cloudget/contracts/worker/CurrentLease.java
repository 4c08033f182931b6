package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.JobId;

/**
 * Task-distribution's answer to {@code GET /internal/jobs/{job}/lease}: the job's current lease epoch (0 before its
 * first lease) and state ({@code WAITING}, {@code ASSIGNED}, {@code DONE}). A write under any other epoch is a stale
 * worker's.
 */
public record CurrentLease(JobId job, long epoch, String status) {
}

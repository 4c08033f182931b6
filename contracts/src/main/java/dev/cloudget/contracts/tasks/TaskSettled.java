package dev.cloudget.contracts.tasks;

import dev.cloudget.contracts.JobId;

import java.time.Instant;
import java.util.UUID;

/**
 * A task reached its outcome: what the statistics server counts (tasks, bytes, success rate, how fast the farm
 * fetched, how often stored content answered at once). Published once per task, keyed by task id.
 *
 * @param sourceType  {@code http}, {@code ftp}, {@code bittorrent}, {@code ed2k} or {@code metalink}
 * @param outcome     {@link #COMPLETED} or {@link #FAILED}
 * @param reuse       how stored content answered it ({@code stored}, {@code revalidated}, {@code changed}); null when
 *                    nothing was stored and it was fetched
 * @param bytes       the size of the files the task got (0 when it failed)
 * @param job         the job that fetched (or had fetched) its content; null when none
 * @param worker      the worker that completed or failed that job; null when it never ran on one here
 * @param failureType the failure's stable type when it failed, else null
 */
public record TaskSettled(UUID task, String owner, String sourceType, String outcome, String reuse, long bytes,
        JobId job, String worker, String failureType, Instant submittedAt, Instant settledAt) {

    public static final String COMPLETED = "COMPLETED";
    public static final String FAILED = "FAILED";
    /** {@code reuse}: fresh stored content answered the task at once. */
    public static final String STORED = "stored";
    /** {@code reuse}: the stored copy was stale; the origin confirmed it, no body was fetched. */
    public static final String REVALIDATED = "revalidated";
    /** {@code reuse}: stale, and the origin had new content: fetched again. */
    public static final String CHANGED = "changed";
}

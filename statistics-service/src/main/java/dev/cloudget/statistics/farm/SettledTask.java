package dev.cloudget.statistics.farm;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.tasks.TaskSettled;
import dev.cloudget.statistics.Owner;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A task's outcome as the statistics count it: what {@link TaskSettled} said, and what follows from it — how fast
 * the farm fetched it, and whether stored content answered it at once.
 *
 * @param sourceType the event's source type, {@value #UNKNOWN_SOURCE} when it named none
 */
public record SettledTask(UUID task, Owner owner, String sourceType, String outcome, String reuse, long bytes,
        JobId job, String worker, String failureType, Instant submittedAt, Instant settledAt) {

    static final String UNKNOWN_SOURCE = "unknown";
    /** Stored content that answered the task without a fetch ({@code changed}: it was fetched again). */
    private static final Set<String> ANSWERED_FROM_STORE = Set.of(TaskSettled.STORED, TaskSettled.REVALIDATED);

    public SettledTask {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(settledAt, "settledAt");
        if (!outcome.equals(TaskSettled.COMPLETED) && !outcome.equals(TaskSettled.FAILED)) {
            throw new IllegalArgumentException("unknown outcome: " + outcome);
        }
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        sourceType = sourceType == null || sourceType.isBlank() ? UNKNOWN_SOURCE : sourceType;
    }

    public static SettledTask of(TaskSettled event) {
        if (event.owner() == null) {
            throw new IllegalArgumentException("a settled task without owner: " + event.task());
        }
        return new SettledTask(event.task(), new Owner(event.owner()), event.sourceType(), event.outcome(),
                event.reuse(), event.bytes(), event.job(), event.worker(), event.failureType(), event.submittedAt(),
                event.settledAt());
    }

    public boolean completed() {
        return outcome.equals(TaskSettled.COMPLETED);
    }

    /** Completed from content the cloud already held, without fetching it again. */
    public boolean answeredFromStore() {
        return completed() && reuse != null && ANSWERED_FROM_STORE.contains(reuse);
    }

    /**
     * How fast the farm fetched the task: its bytes over the time from submission to outcome. Null when it was not
     * fetched (failed, or answered from the store) or when no time passed to divide by.
     */
    public Long fetchBytesPerSecond() {
        if (!completed() || answeredFromStore() || submittedAt == null) {
            return null;
        }
        Duration took = Duration.between(submittedAt, settledAt);
        if (!took.isPositive()) {
            return null;
        }
        return Math.round(bytes * 1_000_000_000.0 / took.toNanos());
    }
}

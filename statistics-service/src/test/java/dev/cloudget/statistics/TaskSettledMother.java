package dev.cloudget.statistics;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.tasks.TaskSettled;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** {@link TaskSettled} events as task-management publishes them. */
public final class TaskSettledMother {

    private TaskSettledMother() {
    }

    /** An HTTP task fetched in {@code took}, settled at {@code settledAt}. */
    public static TaskSettled fetched(String owner, long bytes, Duration took, Instant settledAt) {
        return completed(owner, "http", null, bytes, took, settledAt);
    }

    public static TaskSettled completed(String owner, String sourceType, String reuse, long bytes, Duration took,
            Instant settledAt) {
        return new TaskSettled(UUID.randomUUID(), owner, sourceType, TaskSettled.COMPLETED, reuse, bytes,
                JobId.random(), "worker-1", null, settledAt.minus(took), settledAt);
    }

    public static TaskSettled failed(String owner, String sourceType, Instant settledAt) {
        return new TaskSettled(UUID.randomUUID(), owner, sourceType, TaskSettled.FAILED, null, 0, JobId.random(),
                "worker-1", FailureType.ORIGIN_HTTP_STATUS.slug(), settledAt.minusSeconds(30), settledAt);
    }
}

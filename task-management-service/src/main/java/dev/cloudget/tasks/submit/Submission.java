package dev.cloudget.tasks.submit;

import dev.cloudget.tasks.task.Task;

/** The task a submit produced; {@code replayed} when an earlier request with the same Idempotency-Key made it. */
public record Submission(Task task, boolean replayed) {
}

package dev.cloudget.tasks.task;

import java.util.Objects;

/** Why a task failed: a stable {@code type} slug ({@link dev.cloudget.contracts.FailureType}) and a detail. */
public record TaskFailure(String type, String detail) {

    public TaskFailure {
        Objects.requireNonNull(type, "failure type");
    }
}

package dev.cloudget.tasks.task;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.FileSelection;

import java.util.Objects;

/** Files of a task's torrent that another job stored or is fetching: the task takes {@code wanted} of its files. */
public record TaskPart(JobId job, FileSelection wanted) {

    public TaskPart {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(wanted, "wanted");
        if (wanted.all()) {
            throw new IllegalArgumentException("a task part names the files it takes");
        }
    }
}

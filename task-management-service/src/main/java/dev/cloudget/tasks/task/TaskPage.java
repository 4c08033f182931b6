package dev.cloudget.tasks.task;

import java.util.List;

/** One page of a user's tasks, newest first. */
public record TaskPage(List<Task> items, int page, int size, long totalItems) {
}

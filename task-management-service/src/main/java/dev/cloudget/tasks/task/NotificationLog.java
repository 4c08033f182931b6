package dev.cloudget.tasks.task;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What was sent to the subscribers of tasks (the notify feature keeps it; the task views show it). */
public interface NotificationLog {

    Map<UUID, List<NotificationStatus>> of(Collection<UUID> tasks);
}

package dev.cloudget.tasks.task.web;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.platform.web.UserId;
import dev.cloudget.tasks.task.EntryLinks;
import dev.cloudget.tasks.task.NotificationLog;
import dev.cloudget.tasks.task.NotificationStatus;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskPage;
import dev.cloudget.tasks.task.TaskStatus;
import dev.cloudget.tasks.task.Tasks;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Reading the caller's tasks. */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

    private final Tasks tasks;
    private final EntryLinks links;
    private final NotificationLog notifications;

    TaskController(Tasks tasks, EntryLinks links, NotificationLog notifications) {
        this.tasks = tasks;
        this.links = links;
        this.notifications = notifications;
    }

    @GetMapping("/{id}")
    TaskJson get(UserId caller, @PathVariable UUID id) {
        return TaskJson.of(tasks.get(caller.value(), id), links, notifications);
    }

    /**
     * The task's files as one ZIP: {@code 302} to its capability URL (the {@code zipUrl} of the task), which streams
     * it; {@code 409 task-not-completed} before the task has its files.
     */
    @GetMapping("/{id}/zip")
    ResponseEntity<Void> zip(UserId caller, @PathVariable UUID id) {
        Task task = tasks.get(caller.value(), id);
        String location = task.status() != TaskStatus.COMPLETED ? null : links.zipUrlOf(task).orElse(null);
        if (location == null) {
            throw new ProblemException(HttpStatus.CONFLICT, Problems.TASK_NOT_COMPLETED, "Task not completed",
                    "Task " + id + " is " + task.status() + "; its files can be zipped once it is COMPLETED");
        }
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(location))
                .cacheControl(CacheControl.noStore().cachePrivate()).build();
    }

    @GetMapping
    PageJson list(UserId caller, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        TaskPage found = tasks.list(caller.value(), statusOf(status), page, size);
        Map<UUID, List<NotificationStatus>> sent = notifications.of(found.items().stream().map(Task::id).toList());
        return new PageJson(found.items().stream()
                .map(task -> TaskJson.of(task, links, sent.getOrDefault(task.id(), List.of()))).toList(),
                found.page(), found.size(), found.totalItems());
    }

    /** Parsed here rather than by Spring so that a wrong value gets a message naming the valid ones. */
    private static TaskStatus statusOf(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return TaskStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("status must be one of " + Arrays.toString(TaskStatus.values()));
        }
    }

    record PageJson(List<TaskJson> items, int page, int size, long totalItems) {
    }
}

package dev.cloudget.tasks.expiry.web;

import dev.cloudget.platform.web.UserId;
import dev.cloudget.tasks.expiry.TaskExpiry;
import dev.cloudget.tasks.task.EntryLinks;
import dev.cloudget.tasks.task.NotificationLog;
import dev.cloudget.tasks.task.web.TaskJson;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/**
 * {@code PATCH /api/v1/tasks/{id}} with {@code {"validDays": n}}: the completed task's files stay valid until
 * {@code n} days after its completion (at most 365). Its entry addresses change with their expiry: the answer has the
 * new ones.
 */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskValidityController {

    private final TaskExpiry expiry;
    private final EntryLinks links;
    private final NotificationLog notifications;

    TaskValidityController(TaskExpiry expiry, EntryLinks links, NotificationLog notifications) {
        this.expiry = expiry;
        this.links = links;
        this.notifications = notifications;
    }

    @PatchMapping("/{id}")
    TaskJson extend(UserId caller, @PathVariable UUID id, @Valid @RequestBody ValidityRequest request) {
        return TaskJson.of(expiry.extend(caller.value(), id, request.validDays()), links, notifications);
    }

    record ValidityRequest(@NotNull @Min(1) @Max(365) Integer validDays) {
    }
}

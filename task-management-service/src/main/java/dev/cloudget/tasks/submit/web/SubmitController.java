package dev.cloudget.tasks.submit.web;

import dev.cloudget.platform.web.UserId;
import dev.cloudget.tasks.task.EntryLinks;
import dev.cloudget.tasks.submit.Submission;
import dev.cloudget.tasks.submit.SubmitTask;
import dev.cloudget.tasks.task.web.TaskJson;
import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Submitting a task: 201 with the new task, or 200 with the earlier one on an Idempotency-Key replay. */
@RestController
@RequestMapping("/api/v1/tasks")
class SubmitController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;

    private final SubmitTask submitTask;
    private final EntryLinks links;

    SubmitController(SubmitTask submitTask, EntryLinks links) {
        this.submitTask = submitTask;
        this.links = links;
    }

    @PostMapping
    ResponseEntity<TaskJson> submit(UserId caller, @Valid @RequestBody SubmitTaskRequest request,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw new IllegalArgumentException(IDEMPOTENCY_KEY + " must be 1.." + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        Submission submission = submitTask.submit(caller.value(), request.toCommand(), idempotencyKey);
        TaskJson task = TaskJson.of(submission.task(), links);
        URI location = URI.create("/api/v1/tasks/" + task.id());
        return submission.replayed()
                ? ResponseEntity.ok().location(location).body(task)
                : ResponseEntity.created(location).body(task);
    }
}

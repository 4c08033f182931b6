package dev.cloudget.tasks.cancel.web;

import dev.cloudget.platform.web.UserId;
import dev.cloudget.tasks.cancel.CancelTask;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.UUID;

/** {@code DELETE /api/v1/tasks/{id}}: cancel or unsubscribe. */
@RestController
@RequestMapping("/api/v1/tasks")
class CancelController {

    private final CancelTask cancelTask;

    CancelController(CancelTask cancelTask) {
        this.cancelTask = cancelTask;
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> cancel(UserId caller, @PathVariable UUID id) {
        cancelTask.cancel(caller.value(), id);
        return ResponseEntity.noContent().build();
    }
}

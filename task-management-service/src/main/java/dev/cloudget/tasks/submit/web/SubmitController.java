package dev.cloudget.tasks.submit.web;

import dev.cloudget.contracts.source.MetalinkFile;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.Metalinks;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.tasks.submit.SubmitCommand;
import dev.cloudget.tasks.task.Subscription;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestParam;
import java.io.IOException;
import java.util.List;
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

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskJson> submit(UserId caller, @Valid @RequestBody SubmitTaskRequest request,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) {
        return submitted(caller, request.toCommand(), idempotencyKey);
    }

    /**
     * An uploaded Metalink document (RFC 5854 {@code .meta4} or Metalink 3) as the body, with whom to notify and for
     * how long in the query ({@code ?notify=alice@example.com&phone=%2B14155550123&callbackUrl=…&validDays=7}).
     */
    @PostMapping(consumes = {Metalinks.MEDIA_TYPE, Metalinks.MEDIA_TYPE_V3})
    ResponseEntity<TaskJson> submitMetalink(UserId caller, HttpServletRequest request,
            @RequestParam(name = "notify", required = false) @Email @Size(max = 320) String notifyEmail,
            @RequestParam(required = false) @Size(max = 16) String phone,
            @RequestParam(required = false) @Size(max = Subscription.MAX_URL_LENGTH) String callbackUrl,
            @RequestParam(required = false) @Min(1) @Max(SubmitCommand.MAX_VALID_DAYS) Integer validDays,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey) throws IOException {
        byte[] document = request.getInputStream().readNBytes(Metalinks.MAX_DOCUMENT_BYTES + 1);
        if (document.length > Metalinks.MAX_DOCUMENT_BYTES) {
            throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, Problems.METALINK_TOO_LARGE,
                    "Metalink too large", "A Metalink document may have at most " + Metalinks.MAX_DOCUMENT_BYTES
                            + " bytes");
        }
        List<MetalinkFile> files;
        try {
            files = Metalinks.parse(document);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, Problems.METALINK_MALFORMED, "Malformed Metalink",
                    e.getMessage());
        }
        SubmitCommand command = new SubmitCommand(null, List.of(), null, MetalinkSource.read(files), null,
                notifyEmail == null && phone == null && callbackUrl == null ? null
                        : new Subscription(notifyEmail, phone, callbackUrl, null),
                validDays == null ? SubmitCommand.DEFAULT_VALID_DAYS : validDays);
        return submitted(caller, command, idempotencyKey);
    }

    private ResponseEntity<TaskJson> submitted(UserId caller, SubmitCommand command, String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH)) {
            throw new IllegalArgumentException(IDEMPOTENCY_KEY + " must be 1.." + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
        Submission submission = submitTask.submit(caller.value(), command, idempotencyKey);
        TaskJson task = TaskJson.of(submission.task(), links);
        URI location = URI.create("/api/v1/tasks/" + task.id());
        return submission.replayed()
                ? ResponseEntity.ok().location(location).body(task)
                : ResponseEntity.created(location).body(task);
    }
}

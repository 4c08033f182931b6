package dev.cloudget.tasks.submit.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cloudget.tasks.submit.SubmitCommand;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The body of {@code POST /api/v1/tasks}. */
record SubmitTaskRequest(
        @NotBlank @Size(max = 8192) String source,
        // "notify" is a final method of Object, so the component has another name
        @JsonProperty("notify") @Valid Notify notification,
        @Min(1) @Max(SubmitCommand.MAX_VALID_DAYS) Integer validDays) {

    SubmitCommand toCommand() {
        return new SubmitCommand(source, notification == null ? null : notification.email(),
                validDays == null ? SubmitCommand.DEFAULT_VALID_DAYS : validDays);
    }

    /** How the subscriber wants to hear about the outcome. */
    record Notify(@Email @Size(max = 320) String email) {
    }
}

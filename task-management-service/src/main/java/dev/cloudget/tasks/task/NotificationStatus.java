package dev.cloudget.tasks.task;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One message to a task's subscriber as the task shows it: on which channel, about which event, whether it went out
 * ({@code PENDING}, {@code SENT}, {@code FAILED}: given up), after how many attempts, and the last error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NotificationStatus(String channel, String event, String recipient, String status, int attempts,
        String lastError, Instant sentAt, Instant nextAttemptAt) {
}

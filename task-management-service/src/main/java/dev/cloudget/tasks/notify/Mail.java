package dev.cloudget.tasks.notify;

/** A plain-text email, composed when the outcome is decided. */
public record Mail(String subject, String body) {
}

package dev.cloudget.tasks.notify;

/** An email with a plain-text and an HTML part saying the same, composed when its event is decided. */
public record Mail(String subject, String text, String html) {
}

package dev.cloudget.tasks.notify;

import dev.cloudget.tasks.task.NotifyEvent;

import java.util.UUID;

/**
 * One queued notification as a sender sends it: composed when its event was decided, so that what it says is what
 * was true then.
 *
 * @param key       its idempotency key: one message per task, event and channel (and valid period, for warnings)
 * @param recipient an email address, an E.164 phone number or a webhook URL
 * @param subject   the email's subject; null on the other channels
 * @param body      the email's text, the SMS text, or the webhook's JSON
 * @param html      the email's HTML part; null on the other channels
 */
public record Message(long id, String key, UUID task, String owner, Channel channel, NotifyEvent event,
        String recipient, String subject, String body, String html, int attempts) {
}

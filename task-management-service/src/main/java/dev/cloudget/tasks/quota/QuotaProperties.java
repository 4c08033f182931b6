package dev.cloudget.tasks.quota;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What one user may hold and ask for ({@code cloudget.quotas}), each a number or {@code unlimited}.
 *
 * @param bytesHeld        the bytes a user's completed tasks may hold while valid, summed; at or over it a submit is
 *                         refused (409 {@code quota-exceeded}) until tasks expire or are deleted
 * @param runningTasks     how many of a user's tasks may be queued or downloading at once (409 beyond)
 * @param submitsPerMinute how many submits a user may make in any 60 seconds (429 {@code rate-limited} beyond)
 * @param maxObjectSize    the largest file a task may ask for, refused at submit where its size is known then
 *                         (422 {@code too-large}); the worker enforces it on what it finds out while fetching
 */
@ConfigurationProperties("cloudget.quotas")
public record QuotaProperties(
        @DefaultValue("1TB") QuotaLimit bytesHeld,
        @DefaultValue("100") QuotaLimit runningTasks,
        @DefaultValue("120") QuotaLimit submitsPerMinute,
        @DefaultValue("64GB") QuotaLimit maxObjectSize) {
}

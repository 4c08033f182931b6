package dev.cloudget.tasks.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How queued messages are sent ({@code cloudget.notifications.poll-interval}, how often due messages are looked for,
 * and {@code expiry-interval}, how often valid periods are checked, are read by the schedules themselves).
 *
 * @param maxAttempts    after this many failed attempts a message is given up (FAILED): a receiver that keeps
 *                       refusing it would refuse it forever
 * @param expiringBefore how long before a task's valid period ends its subscribers are warned ({@code expiring})
 * @param claimTimeout   how long a sender holds the messages it took: if it dies with them, they are due again after
 *                       this; longer than any one delivery may take
 * @param concurrency    how many messages are out at once; each waits for its own receiver only
 */
@ConfigurationProperties("cloudget.notifications")
public record NotificationProperties(
        @DefaultValue("10") int maxAttempts,
        @DefaultValue("P1D") Duration expiringBefore,
        @DefaultValue("PT2M") Duration claimTimeout,
        @DefaultValue("32") int concurrency) {

    public NotificationProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("cloudget.notifications.max-attempts must be at least 1");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("cloudget.notifications.concurrency must be at least 1");
        }
        if (claimTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("cloudget.notifications.claim-timeout must be at least a second");
        }
    }
}

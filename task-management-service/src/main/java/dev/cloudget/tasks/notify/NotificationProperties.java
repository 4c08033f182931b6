package dev.cloudget.tasks.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the queued emails are sent ({@code cloudget.notifications.poll-interval}, how often due emails are
 * looked for, is read by the schedule itself).
 *
 * @param maxAttempts after this many failed attempts an email is given up (FAILED): a relay that keeps
 *                    refusing it would refuse it forever
 */
@ConfigurationProperties("cloudget.notifications")
public record NotificationProperties(
        @DefaultValue("10") int maxAttempts) {

    public NotificationProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("cloudget.notifications.max-attempts must be at least 1");
        }
    }
}

package dev.cloudget.tasks.notify;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the queued emails are sent.
 *
 * @param pollInterval how often due emails are looked for
 * @param maxAttempts  after this many failed attempts an email is given up (FAILED): a relay that keeps
 *                     refusing it would refuse it forever
 */
@ConfigurationProperties("cloudget.notifications")
public record NotificationProperties(
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("10") int maxAttempts) {

    public NotificationProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("cloudget.notifications.max-attempts must be at least 1");
        }
    }
}

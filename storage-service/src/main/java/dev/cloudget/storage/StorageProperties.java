package dev.cloudget.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Retention and sweeping. {@code sweepInitialDelay} and {@code sweepInterval} are read by the
 * sweeper's {@code @Scheduled} placeholders under the same keys.
 */
@ConfigurationProperties("cloudget.storage")
public record StorageProperties(
        @DefaultValue("P1D") Duration unclaimedRetention,
        @DefaultValue("PT1M") Duration sweepInitialDelay,
        @DefaultValue("PT5M") Duration sweepInterval,
        @DefaultValue("500") int sweepBatch) {
}

package dev.cloudget.distribution;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * How jobs are handed out.
 *
 * @param workerTimeout    a worker whose last heartbeat is older than this is not given jobs
 * @param dispatchInterval how often waiting jobs are looked at (besides right after a request)
 * @param leaseDuration    how long a confirmed assignment holds without its worker renewing it (each heartbeat that
 *                         names the job does): past it the job is handed on under a higher epoch (failover)
 * @param refusalBackoff   how long a worker that refused or did not answer an assignment is passed over, and
 *                         how long an unanswered offer waits before the same offer is sent again
 * @param batchSize        waiting jobs looked at per dispatch round, owners taking turns (each one's oldest first)
 */
@ConfigurationProperties("cloudget.distribution")
public record DistributionProperties(Duration workerTimeout, Duration dispatchInterval, Duration leaseDuration,
        Duration refusalBackoff, int batchSize) {

    public DistributionProperties {
        workerTimeout = workerTimeout == null ? Duration.ofSeconds(10) : workerTimeout;
        dispatchInterval = dispatchInterval == null ? Duration.ofMillis(250) : dispatchInterval;
        leaseDuration = leaseDuration == null ? Duration.ofSeconds(10) : leaseDuration;
        refusalBackoff = refusalBackoff == null ? Duration.ofSeconds(5) : refusalBackoff;
        batchSize = batchSize < 1 ? 100 : batchSize;
    }
}

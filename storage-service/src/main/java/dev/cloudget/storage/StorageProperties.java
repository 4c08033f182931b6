package dev.cloudget.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Retention, sweeping and how files are served. {@code sweepInitialDelay} and {@code sweepInterval} are read by the
 * sweeper's {@code @Scheduled} placeholders under the same keys.
 *
 * @param serving          {@code proxy}: the bytes stream through this service (clients need not reach the object
 *                         store); {@code redirect}: a download answers {@code 302} to a presigned GET of the object
 *                         store (clients must reach it at {@code cloudget.s3.public-endpoint}), which then serves
 *                         the bytes, ranges and all, at its own speed
 * @param orphanGrace      how old an upload under {@code uploads/} must be before the sweeper removes it when no
 *                         content was registered from it (a worker registers right after its upload)
 * @param removedEntryMemory how long the address of an entry whose content was removed (expired, lost) answers
 *                           {@code 410 Gone} before it answers {@code 404} like any unknown address
 * @param verifyUploads    read new content back and hash it before its hash names the object (true: secure by default,
 *                         about 3 s per GiB on this machine); false trusts the worker's word, for a farm whose every
 *                         worker is as trusted as storage itself
 * @param redirectValidity how long such a presigned GET may be started; a segmented client opens its connections
 *                         within it, a resuming one comes back to the entry address for a new one
 */
@ConfigurationProperties("cloudget.storage")
public record StorageProperties(
        @DefaultValue("P1D") Duration unclaimedRetention,
        @DefaultValue("PT1M") Duration sweepInitialDelay,
        @DefaultValue("PT5M") Duration sweepInterval,
        @DefaultValue("500") int sweepBatch,
        @DefaultValue("proxy") Serving serving,
        @DefaultValue("PT1H") Duration redirectValidity,
        @DefaultValue("PT1H") Duration orphanGrace,
        @DefaultValue("P30D") Duration removedEntryMemory,
        @DefaultValue("true") boolean verifyUploads) {

    public enum Serving {
        PROXY, REDIRECT
    }
}

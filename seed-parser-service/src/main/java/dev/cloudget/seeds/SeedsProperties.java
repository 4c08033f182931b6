package dev.cloudget.seeds;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * How much the seed parser accepts and how long a magnet may take.
 *
 * @param maxTorrentSize  largest {@code .torrent} (upload or delivered metainfo); also the multipart file limit
 * @param maxFiles        most files in one torrent
 * @param maxDepth        deepest nesting of bencoded lists and dictionaries
 * @param maxItems        most bencoded values in one torrent
 * @param magnetDeadline  how long the farm has to bring a magnet's metadata before the seed FAILS
 *                        ({@code metadata-timeout})
 */
@ConfigurationProperties("cloudget.seeds")
public record SeedsProperties(
        @DefaultValue("10MB") DataSize maxTorrentSize,
        @DefaultValue("100000") int maxFiles,
        @DefaultValue("32") int maxDepth,
        @DefaultValue("1000000") int maxItems,
        @DefaultValue("PT5M") Duration magnetDeadline) {

    public SeedsProperties {
        if (magnetDeadline.isNegative() || magnetDeadline.isZero()) {
            throw new IllegalArgumentException("cloudget.seeds.magnet-deadline must be positive");
        }
    }
}

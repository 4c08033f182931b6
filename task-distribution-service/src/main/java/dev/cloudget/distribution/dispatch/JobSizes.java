package dev.cloudget.distribution.dispatch;

import dev.cloudget.contracts.source.BitTorrentSource;
import dev.cloudget.contracts.source.Ed2kSource;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.MetalinkFile;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.Source;

import java.util.OptionalLong;

/**
 * How many bytes a job will put on its worker's scratch disk, as far as its source tells before anything is fetched,
 * so that a job is not placed on a worker whose disk cannot hold it.
 */
final class JobSizes {

    private JobSizes() {
    }

    /**
     * The size the source names: an eD2k link's file size; the sum of the sizes an uploaded Metalink gives (at least
     * that much when it leaves some out); for a link whose stored copy went stale, that copy's size (what the origin
     * served last time). Empty when the source does not say: a plain link (the origin tells only once asked), a linked
     * Metalink (its document is read by the worker), a torrent (the source names its seed, not its length) or a
     * magnet (the metadata comes from peers).
     */
    static OptionalLong expectedSize(Source source) {
        return switch (source) {
            case Ed2kSource ed2k -> OptionalLong.of(ed2k.size());
            case MetalinkSource metalink -> givenSizes(metalink);
            case HttpSource http -> http.storedCopy() == null
                    ? OptionalLong.empty()
                    : OptionalLong.of(http.storedCopy().size());
            case BitTorrentSource torrent -> OptionalLong.empty();
        };
    }

    private static OptionalLong givenSizes(MetalinkSource metalink) {
        long total = 0;
        boolean given = false;
        for (MetalinkFile file : metalink.files()) {
            if (file.size() >= 0) {
                // a document may claim absurd sizes: saturate rather than wrap round to a size that fits anywhere
                total = total > Long.MAX_VALUE - file.size() ? Long.MAX_VALUE : total + file.size();
                given = true;
            }
        }
        return given ? OptionalLong.of(total) : OptionalLong.empty();
    }
}

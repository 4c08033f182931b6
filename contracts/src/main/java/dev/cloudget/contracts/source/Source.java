package dev.cloudget.contracts.source;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a user asked for, in canonical form. A Metalink kind joins this sealed family with its engine.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = HttpSource.class, name = "http"),
        @JsonSubTypes.Type(value = TorrentSource.class, name = "torrent"),
        @JsonSubTypes.Type(value = MagnetSource.class, name = "magnet"),
        @JsonSubTypes.Type(value = Ed2kSource.class, name = "ed2k")})
public sealed interface Source permits HttpSource, BitTorrentSource, Ed2kSource {

    /** The canonical identity of this source: two requests with one key are one download. */
    SourceKey key();
}

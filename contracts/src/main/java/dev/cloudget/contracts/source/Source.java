package dev.cloudget.contracts.source;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a user asked for, in canonical form.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = HttpSource.class, name = "http"),
        @JsonSubTypes.Type(value = TorrentSource.class, name = "torrent"),
        @JsonSubTypes.Type(value = MagnetSource.class, name = "magnet"),
        @JsonSubTypes.Type(value = Ed2kSource.class, name = "ed2k"),
        @JsonSubTypes.Type(value = MetalinkSource.class, name = "metalink")})
public sealed interface Source permits HttpSource, BitTorrentSource, Ed2kSource, MetalinkSource {

    /** The canonical identity of this source: two requests with one key are one download. */
    SourceKey key();
}

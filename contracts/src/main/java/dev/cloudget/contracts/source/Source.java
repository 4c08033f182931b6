package dev.cloudget.contracts.source;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a user asked for, in canonical form. Further kinds (torrent, magnet, ed2k, metalink) join
 * this sealed family as their engines arrive.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = HttpSource.class, name = "http")})
public sealed interface Source permits HttpSource {

    /** The canonical identity of this source: two requests with one key are one download. */
    SourceKey key();
}

package dev.cloudget.contracts.source;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A magnet link ({@code magnet:?xt=urn:btih:…}): the info-hash, and where peers may be found. The metadata
 * comes from peers (BEP 9). {@code name} is the link's {@code dn}, or null.
 */
public record MagnetSource(InfoHash infoHash, String name, List<URI> trackers, List<URI> webSeeds,
        FileSelection files) implements BitTorrentSource {

    /** More trackers than any real magnet carries. */
    public static final int MAX_TRACKERS = 64;

    public MagnetSource {
        Objects.requireNonNull(infoHash, "infoHash");
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
        webSeeds = webSeeds == null ? List.of() : List.copyOf(webSeeds);
        if (trackers.size() > MAX_TRACKERS || webSeeds.size() > MAX_TRACKERS) {
            throw new IllegalArgumentException("a magnet may name at most " + MAX_TRACKERS + " trackers and web seeds");
        }
        files = files == null ? FileSelection.ALL : files;
    }

    @Override
    public MagnetSource withFiles(FileSelection files) {
        return new MagnetSource(infoHash, name, trackers, webSeeds, files);
    }

    /** The link in canonical form: the info-hash, the name and the trackers, in that order. */
    public String toMagnetUri() {
        StringBuilder uri = new StringBuilder("magnet:?xt=urn:btih:").append(infoHash.hex());
        if (name != null) {
            uri.append("&dn=").append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
        }
        for (URI tracker : trackers) {
            uri.append("&tr=").append(java.net.URLEncoder.encode(tracker.toString(), java.nio.charset.StandardCharsets.UTF_8));
        }
        for (URI seed : webSeeds) {
            uri.append("&ws=").append(java.net.URLEncoder.encode(seed.toString(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return uri.toString();
    }
}

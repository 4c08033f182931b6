package dev.cloudget.seeds.torrent;

import dev.cloudget.contracts.source.InfoHash;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The parsed index of a valid v1 (or hybrid v1/v2) torrent: what a user needs to choose files and what a task
 * needs to refer to them. The metainfo bytes themselves are kept apart, as received.
 *
 * @param infoHash    SHA-1 of the {@code info} dictionary's bytes as received
 * @param name        the torrent's name ({@code name.utf-8} when present)
 * @param pieceLength bytes per piece, a power of two
 * @param pieceCount  number of pieces
 * @param files       every file in metainfo order, pad files included and flagged
 * @param trackers    usable tracker URLs (http, https, udp), {@code announce} then {@code announce-list}, once each
 * @param webSeeds    usable web seed URLs ({@code url-list}, BEP 19)
 * @param hybrid      a v1/v2 hybrid, read through its v1 part
 */
public record Metainfo(InfoHash infoHash, String name, long pieceLength, int pieceCount, List<TorrentFile> files,
        List<URI> trackers, List<URI> webSeeds, boolean hybrid) {

    public Metainfo {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(name, "name");
        files = List.copyOf(files);
        trackers = List.copyOf(trackers);
        webSeeds = List.copyOf(webSeeds);
    }

    /** Bytes a user can download: every file but the pad files. */
    public long totalSize() {
        return files.stream().filter(file -> !file.pad()).mapToLong(TorrentFile::size).sum();
    }

    /** The files a user chooses from: pad files left out, indices unchanged. */
    public List<TorrentFile> visibleFiles() {
        return files.stream().filter(file -> !file.pad()).toList();
    }
}

package dev.cloudget.seeds.torrent;

import java.util.Objects;

/**
 * One file of a torrent. {@code index} is its position in the metainfo's file list, which is how the BitTorrent
 * engines select files, so it counts pad files too. {@code path} is relative to the torrent (components joined by
 * {@code /}; the torrent's name for a single-file torrent). A {@code pad} file (BEP 47) only aligns the next file
 * to a piece boundary: nobody wants its zeros, so it is kept for numbering and hidden from users.
 */
public record TorrentFile(int index, String path, long size, boolean pad) {

    public TorrentFile {
        Objects.requireNonNull(path, "path");
        if (index < 0 || size < 0) {
            throw new IllegalArgumentException("file index and size must not be negative");
        }
    }
}

package dev.cloudget.contracts.source;

import dev.cloudget.contracts.seeds.SeedId;

import java.util.Objects;

/** A torrent whose metainfo the seed parser holds as {@code seed}. */
public record TorrentSource(SeedId seed, InfoHash infoHash, FileSelection files) implements BitTorrentSource {

    public TorrentSource {
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(infoHash, "infoHash");
        files = files == null ? FileSelection.ALL : files;
    }

    @Override
    public TorrentSource withFiles(FileSelection files) {
        return new TorrentSource(seed, infoHash, files);
    }
}

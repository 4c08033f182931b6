package dev.cloudget.seeds.seed.web;

import dev.cloudget.contracts.seeds.SeedState;
import dev.cloudget.seeds.seed.Seed;
import dev.cloudget.seeds.torrent.TorrentFile;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * A seed as clients see it. {@code totalSize}, {@code pieceLength} and {@code files} are null until READY;
 * {@code files} leaves pad files out, so indices may skip a number: an index is the file's position in the metainfo,
 * which is what a file selection names. {@code deadline} is set while RESOLVING, {@code failure} once FAILED.
 */
record SeedJson(String seedId, String infoHash, SeedState state, String name, Long totalSize, Long pieceLength,
        List<FileJson> files, List<URI> trackers, List<URI> webSeeds, Instant deadline, FailureJson failure) {

    static SeedJson of(Seed seed) {
        return new SeedJson(seed.id().toString(), seed.infoHash().hex(), seed.state(), seed.name(),
                seed.ready() ? seed.totalSize() : null, seed.ready() ? seed.pieceLength() : null,
                seed.ready() ? seed.files().stream().filter(file -> !file.pad()).map(FileJson::of).toList() : null,
                seed.trackers(), seed.webSeeds(), seed.deadline(),
                seed.failure() == null ? null : new FailureJson(seed.failure().type().slug(), seed.failure().detail()));
    }

    record FileJson(int index, String path, long size) {

        static FileJson of(TorrentFile file) {
            return new FileJson(file.index(), file.path(), file.size());
        }
    }

    record FailureJson(String type, String detail) {
    }
}

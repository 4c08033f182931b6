package dev.cloudget.seeds.seed;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.seeds.SeedState;
import dev.cloudget.contracts.seeds.SeedSummary;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.seeds.torrent.Metainfo;
import dev.cloudget.seeds.torrent.TorrentFile;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A torrent in the BT seed database, and the life of a magnet link until it becomes one. An upload is READY at
 * once. A magnet is RESOLVING until the farm brings its metainfo (READY) or cannot (FAILED), and a FAILED magnet
 * may be asked for again. A READY seed never changes: its metainfo is what its info-hash names.
 *
 * @param name        the torrent's name; a RESOLVING or FAILED magnet's {@code dn}, or null
 * @param totalSize   bytes a user can download (pad files excluded); null until READY
 * @param pieceLength null until READY
 * @param files       every file in metainfo order, pad files flagged; empty until READY
 * @param magnet      the magnet link a RESOLVING or FAILED seed came from; null for an upload
 * @param deadline    when a RESOLVING seed stops waiting; null otherwise
 * @param failure     why a FAILED seed failed; null otherwise
 * @param createdBy   the user who first uploaded it or asked for it
 */
public record Seed(SeedId id, InfoHash infoHash, SeedState state, String name, Long totalSize, Long pieceLength,
        List<TorrentFile> files, List<URI> trackers, List<URI> webSeeds, MagnetSource magnet, Instant deadline,
        SeedFailure failure, String createdBy, Instant createdAt, Instant updatedAt) {

    public Seed {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(state, "state");
        files = files == null ? List.of() : List.copyOf(files);
        trackers = trackers == null ? List.of() : List.copyOf(trackers);
        webSeeds = webSeeds == null ? List.of() : List.copyOf(webSeeds);
    }

    /** A torrent uploaded whole: READY at once. */
    static Seed uploaded(Metainfo metainfo, String by, Instant now) {
        return new Seed(SeedId.random(), metainfo.infoHash(), SeedState.READY, metainfo.name(), metainfo.totalSize(),
                metainfo.pieceLength(), metainfo.files(), metainfo.trackers(), metainfo.webSeeds(), null, null, null,
                by, now, now);
    }

    /** A magnet link whose metainfo the farm must fetch before {@code deadline}. */
    static Seed resolving(MagnetSource magnet, String by, Instant deadline, Instant now) {
        return new Seed(SeedId.random(), magnet.infoHash(), SeedState.RESOLVING, magnet.name(), null, null, List.of(),
                magnet.trackers(), magnet.webSeeds(), magnet, deadline, null, by, now, now);
    }

    public boolean ready() {
        return state == SeedState.READY;
    }

    /**
     * READY with {@code metainfo}, from RESOLVING or FAILED (a late but valid delivery, or the same torrent
     * uploaded whole, is as good as a timely one).
     */
    Seed resolvedWith(Metainfo metainfo, Instant now) {
        if (ready()) {
            throw new IllegalStateException("seed " + id + " is READY already");
        }
        if (!metainfo.infoHash().equals(infoHash)) {
            throw new IllegalArgumentException("metainfo of " + metainfo.infoHash() + " for seed of " + infoHash);
        }
        return new Seed(id, infoHash, SeedState.READY, metainfo.name(), metainfo.totalSize(), metainfo.pieceLength(),
                metainfo.files(), metainfo.trackers(), metainfo.webSeeds(), magnet, null, null, createdBy, createdAt,
                now);
    }

    /** FAILED for {@code failure}; only a RESOLVING seed can fail (a READY one stays READY, a FAILED one keeps its first reason). */
    Seed failedWith(SeedFailure failure, Instant now) {
        if (state != SeedState.RESOLVING) {
            return this;
        }
        return new Seed(id, infoHash, SeedState.FAILED, name, null, null, List.of(), trackers, webSeeds, magnet, null,
                failure, createdBy, createdAt, now);
    }

    /** RESOLVING again, from FAILED, with the magnet link asked for this time. */
    Seed retriedWith(MagnetSource magnet, Instant deadline, Instant now) {
        if (state != SeedState.FAILED) {
            throw new IllegalStateException("only a FAILED seed is resolved again; " + id + " is " + state);
        }
        return new Seed(id, infoHash, SeedState.RESOLVING, magnet.name() != null ? magnet.name() : name, null, null,
                List.of(), magnet.trackers(), magnet.webSeeds(), magnet, deadline, null, createdBy, createdAt, now);
    }

    boolean expiredAt(Instant now) {
        return state == SeedState.RESOLVING && deadline != null && !deadline.isAfter(now);
    }

    /** The failure a deadline sweep records. */
    static SeedFailure timedOut(Instant deadline) {
        return new SeedFailure(FailureType.METADATA_TIMEOUT, "no peer sent the metadata before " + deadline);
    }

    /** What another service needs to know; file count and size are -1 until READY. */
    public SeedSummary summary() {
        return new SeedSummary(id, infoHash, state, name, ready() ? files.size() : -1,
                ready() ? totalSize : -1);
    }
}

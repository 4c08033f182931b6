package dev.cloudget.seeds.seed;

import dev.cloudget.contracts.web.Problems;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.seeds.torrent.TorrentRefusedException;
import org.springframework.http.HttpStatus;

import java.net.URI;

/**
 * A torrent, magnet link or seed request refused, as problem+json. A refused torrent names the offending
 * {@code field} and, where known, the byte {@code offset} as extension members, so that a client can say which
 * part of the file is wrong.
 */
public final class SeedRejected extends ProblemException {

    private SeedRejected(HttpStatus status, URI type, String title, String detail) {
        super(status, type, title, detail);
    }

    /** 400 with the refusal's type, field and offset. */
    public static SeedRejected of(TorrentRefusedException refused) {
        SeedRejected rejected = new SeedRejected(HttpStatus.BAD_REQUEST, Problems.type(refused.refusal().slug()),
                refused.refusal().title(), refused.detail());
        rejected.getBody().setProperty("field", refused.field());
        if (refused.offset() >= 0) {
            rejected.getBody().setProperty("offset", refused.offset());
        }
        return rejected;
    }

    /** 400 {@code torrent-too-large}: the upload is over the size limit (said before it was read whole). */
    public static SeedRejected tooLarge(long maxBytes) {
        SeedRejected rejected = new SeedRejected(HttpStatus.BAD_REQUEST, Problems.TORRENT_TOO_LARGE,
                "Torrent too large", "a torrent may have at most " + maxBytes + " bytes");
        rejected.getBody().setProperty("field", "torrent");
        return rejected;
    }

    /** 400 {@code invalid-link}: not a usable magnet link. */
    static SeedRejected invalidLink(String detail) {
        SeedRejected rejected = new SeedRejected(HttpStatus.BAD_REQUEST, Problems.INVALID_LINK, "Invalid link", detail);
        rejected.getBody().setProperty("field", "magnet");
        return rejected;
    }

    /** 409 {@code torrent-malformed}: metainfo delivered for a seed whose info-hash it does not have. */
    static SeedRejected wrongInfoHash(Seed seed, String delivered) {
        SeedRejected rejected = new SeedRejected(HttpStatus.CONFLICT, Problems.TORRENT_MALFORMED,
                "Metainfo of another torrent", "the metainfo's info-hash is " + delivered + ", the seed's is "
                        + seed.infoHash());
        rejected.getBody().setProperty("field", "info");
        return rejected;
    }

    /** 404 {@code seed-not-ready}: the seed has no metainfo yet (RESOLVING) or will not (FAILED). */
    static SeedRejected notReady(Seed seed) {
        return new SeedRejected(HttpStatus.NOT_FOUND, Problems.SEED_NOT_READY, "Seed not ready",
                "seed " + seed.id() + " is " + seed.state() + "; it has no metainfo");
    }
}

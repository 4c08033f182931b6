package dev.cloudget.seeds.seed;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.seeds.MetadataFailed;
import dev.cloudget.contracts.seeds.MetadataRequested;
import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.seeds.SeedState;
import dev.cloudget.contracts.source.MagnetLinks;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.platform.web.ProblemException;
import dev.cloudget.platform.web.UserId;
import dev.cloudget.seeds.SeedsProperties;
import dev.cloudget.platform.outbox.Outbox;
import dev.cloudget.seeds.seed.persistence.SeedStore;
import dev.cloudget.seeds.torrent.Metainfo;
import dev.cloudget.seeds.torrent.TorrentReader;
import dev.cloudget.seeds.torrent.TorrentRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The BT seed database's application service: uploads, magnet links and what the farm reports about them.
 * Transactions are explicit ({@link TransactionTemplate}) because parsing, up to the size limit, happens before one
 * opens, and because a refused delivery must commit the seed's failure and still answer with the refusal.
 */
@Service
public class Seeds {

    private static final Logger log = LoggerFactory.getLogger(Seeds.class);
    private static final int SWEEP_BATCH = 100;

    private final SeedStore store;
    private final Outbox outbox;
    private final TorrentReader reader;
    private final TransactionTemplate transaction;
    private final SeedsProperties properties;
    private final Clock clock;

    Seeds(SeedStore store, Outbox outbox, TorrentReader reader, TransactionTemplate transaction,
            SeedsProperties properties, Clock clock) {
        this.store = store;
        this.outbox = outbox;
        this.reader = reader;
        this.transaction = transaction;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Stores an uploaded {@code .torrent}; the same torrent (same info-hash) is one seed however often it comes. A
     * magnet seed of that torrent, resolving or failed, becomes READY with it.
     *
     * @throws SeedRejected when the torrent is refused; nothing is written then
     */
    public Registration upload(byte[] torrent, UserId by) {
        Metainfo metainfo = read(torrent);
        return inTransaction(() -> {
            while (true) {
                Instant now = clock.instant();
                Seed known = store.findForUpdate(metainfo.infoHash()).orElse(null);
                if (known == null) {
                    Seed seed = Seed.uploaded(metainfo, by.value(), now);
                    if (store.insertIfAbsent(seed, torrent)) {
                        return new Registration(seed, true);
                    }
                    // uploaded at the same moment by someone else: read theirs, now committed
                    continue;
                }
                if (known.ready()) {
                    return new Registration(known, false);
                }
                Seed ready = known.resolvedWith(metainfo, now);
                store.update(known, ready, torrent);
                return new Registration(ready, false);
            }
        });
    }

    /**
     * Resolves a magnet link: a torrent known READY is answered at once; one RESOLVING is the same seed; a new or
     * FAILED one is RESOLVING with a deadline, and the farm is asked for its metadata through the outbox.
     *
     * @throws SeedRejected {@code invalid-link} when the link is not a usable magnet
     */
    public Registration requestMagnet(String link, UserId by) {
        MagnetSource magnet;
        try {
            magnet = MagnetLinks.parse(link);
        } catch (IllegalArgumentException invalid) {
            throw SeedRejected.invalidLink(invalid.getMessage());
        }
        return inTransaction(() -> {
            while (true) {
                Instant now = clock.instant();
                Instant deadline = now.plus(properties.magnetDeadline());
                Seed known = store.findForUpdate(magnet.infoHash()).orElse(null);
                if (known == null) {
                    Seed seed = Seed.resolving(magnet, by.value(), deadline, now);
                    if (store.insertIfAbsent(seed, null)) {
                        requestMetadata(seed);
                        return new Registration(seed, true);
                    }
                    continue;
                }
                if (known.state() != SeedState.FAILED) {
                    return new Registration(known, false);
                }
                Seed retried = known.retriedWith(magnet, deadline, now);
                store.update(known, retried, null);
                requestMetadata(retried);
                return new Registration(retried, false);
            }
        });
    }

    public Seed get(SeedId id) {
        return store.find(id).orElseThrow(() -> ProblemException.notFound("Seed " + id));
    }

    /** The metainfo of a READY seed, byte for byte as uploaded or as built around the delivered info dictionary. */
    public byte[] metainfo(SeedId id) {
        return store.metainfo(id).orElseThrow(() -> SeedRejected.notReady(get(id)));
    }

    /**
     * A worker's delivery of a magnet's metadata: a whole {@code .torrent}, or the bencoded {@code info} dictionary
     * as BEP 9 fetches it, which is wrapped in a torrent announcing to the magnet's trackers. Delivering again to a
     * READY seed changes nothing. Metainfo that is refused or names another info-hash fails a RESOLVING seed
     * ({@code torrent-malformed}) and is refused.
     */
    public Seed deliverMetainfo(SeedId id, byte[] delivered) {
        Seed seed = get(id);
        byte[] torrent;
        Metainfo metainfo;
        try {
            torrent = reader.completeTorrent(delivered, seed.trackers(), seed.webSeeds());
            metainfo = reader.read(torrent);
        } catch (TorrentRefusedException refused) {
            if (!seed.ready()) {
                fail(id, new SeedFailure(FailureType.TORRENT_MALFORMED,
                        "the farm delivered metainfo that is refused: " + refused.getMessage()));
            }
            throw SeedRejected.of(refused);
        }
        if (!metainfo.infoHash().equals(seed.infoHash())) {
            if (!seed.ready()) {
                fail(id, new SeedFailure(FailureType.TORRENT_MALFORMED,
                        "the farm delivered the metainfo of " + metainfo.infoHash() + " instead"));
            }
            throw SeedRejected.wrongInfoHash(seed, metainfo.infoHash().hex());
        }
        return inTransaction(() -> {
            Seed current = store.findForUpdate(id).orElseThrow(() -> ProblemException.notFound("Seed " + id));
            if (current.ready()) {
                return current;
            }
            Seed ready = current.resolvedWith(metainfo, clock.instant());
            store.update(current, ready, torrent);
            return ready;
        });
    }

    /** A worker's report that a magnet's metadata cannot be had; a seed that is not RESOLVING stays as it is. */
    public Seed reportFailure(SeedId id, MetadataFailed failed) {
        return fail(id, new SeedFailure(failed.type(), failed.detail()));
    }

    /** Fails every RESOLVING seed past its deadline with {@code metadata-timeout}; answers how many. */
    public int failExpired() {
        int failed = 0;
        int batch;
        do {
            Integer done = transaction.execute(status -> {
                Instant now = clock.instant();
                List<SeedId> expired = store.lockExpired(now, SWEEP_BATCH);
                for (SeedId id : expired) {
                    store.findForUpdate(id).filter(seed -> seed.expiredAt(now))
                            .ifPresent(seed -> store.update(seed, seed.failedWith(Seed.timedOut(seed.deadline()), now),
                                    null));
                }
                return expired.size();
            });
            batch = done == null ? 0 : done;
            failed += batch;
        } while (batch == SWEEP_BATCH);
        if (failed > 0) {
            log.info("{} magnet seeds failed: no metadata before their deadline", failed);
        }
        return failed;
    }

    private Seed fail(SeedId id, SeedFailure failure) {
        return inTransaction(() -> {
            Seed current = store.findForUpdate(id).orElseThrow(() -> ProblemException.notFound("Seed " + id));
            Seed failed = current.failedWith(failure, clock.instant());
            if (failed != current) {
                store.update(current, failed, null);
            }
            return failed;
        });
    }

    private void requestMetadata(Seed seed) {
        outbox.append(Topics.METADATA_REQUESTED, seed.id().toString(),
                new MetadataRequested(seed.id(), seed.magnet(), seed.deadline()));
    }

    private Metainfo read(byte[] torrent) {
        try {
            return reader.read(torrent);
        } catch (TorrentRefusedException refused) {
            throw SeedRejected.of(refused);
        }
    }

    private <T> T inTransaction(java.util.function.Supplier<T> work) {
        return transaction.execute(status -> work.get());
    }

}

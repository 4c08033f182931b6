package dev.cloudget.seeds.seed;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.seeds.SeedState;
import dev.cloudget.contracts.source.MagnetLinks;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.seeds.bencode.BencodeLimits;
import dev.cloudget.seeds.bencode.BencodeParser;
import dev.cloudget.seeds.torrent.Metainfo;
import dev.cloudget.seeds.torrent.TorrentMother;
import dev.cloudget.seeds.torrent.TorrentReader;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeedTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final SeedFailure BLOCKED = new SeedFailure(FailureType.BLOCKED_ADDRESS, "private peers");

    private final TorrentReader reader = new TorrentReader(new BencodeParser(BencodeLimits.DEFAULT), 10);
    private final TorrentMother.Torrent torrent = TorrentMother.multiFile("magnet");
    private final MagnetSource magnet = MagnetLinks.parse("magnet:?xt=urn:btih:" + torrent.infoHash() + "&dn=hint");
    private final Metainfo metainfo = reader.read(torrent.bytes());

    @Test
    void aMagnetResolvesToTheTorrentItNames() {
        Seed resolving = Seed.resolving(magnet, "ada", NOW.plusSeconds(300), NOW);

        Seed ready = resolving.resolvedWith(metainfo, NOW.plusSeconds(1));

        assertThat(resolving.state()).isEqualTo(SeedState.RESOLVING);
        assertThat(resolving.name()).isEqualTo("hint");
        assertThat(ready.state()).isEqualTo(SeedState.READY);
        assertThat(ready.id()).isEqualTo(resolving.id());
        assertThat(ready.name()).isEqualTo("magnet");
        assertThat(ready.deadline()).isNull();
        assertThat(ready.summary().fileCount()).isEqualTo(5);
    }

    @Test
    void refusesTheMetainfoOfAnotherTorrent() {
        Seed resolving = Seed.resolving(magnet, "ada", NOW.plusSeconds(300), NOW);
        Metainfo other = reader.read(TorrentMother.singleFile("other").bytes());

        assertThatThrownBy(() -> resolving.resolvedWith(other, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyAResolvingSeedFailsAndAFailedOneKeepsItsFirstReason() {
        Seed failed = Seed.resolving(magnet, "ada", NOW.plusSeconds(300), NOW).failedWith(BLOCKED, NOW);
        Seed ready = Seed.uploaded(metainfo, "ada", NOW);

        assertThat(failed.state()).isEqualTo(SeedState.FAILED);
        assertThat(failed.failure()).isEqualTo(BLOCKED);
        assertThat(failed.failedWith(Seed.timedOut(NOW), NOW)).isSameAs(failed);
        assertThat(ready.failedWith(BLOCKED, NOW)).isSameAs(ready);
        assertThat(failed.summary().fileCount()).isEqualTo(-1);
    }

    @Test
    void aFailedMagnetIsAskedForAgainWithANewDeadline() {
        Seed failed = Seed.resolving(magnet, "ada", NOW.plusSeconds(300), NOW).failedWith(BLOCKED, NOW);

        Seed retried = failed.retriedWith(magnet, NOW.plusSeconds(600), NOW.plusSeconds(1));

        assertThat(retried.state()).isEqualTo(SeedState.RESOLVING);
        assertThat(retried.failure()).isNull();
        assertThat(retried.deadline()).isEqualTo(NOW.plusSeconds(600));
        assertThatThrownBy(() -> retried.retriedWith(magnet, NOW, NOW)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void expiresOnlyWhileResolvingAndOnceItsDeadlineIsReached() {
        Seed resolving = Seed.resolving(magnet, "ada", NOW.plusSeconds(300), NOW);

        assertThat(resolving.expiredAt(NOW.plusSeconds(299))).isFalse();
        assertThat(resolving.expiredAt(NOW.plusSeconds(300))).isTrue();
        assertThat(resolving.resolvedWith(metainfo, NOW).expiredAt(NOW.plusSeconds(900))).isFalse();
    }
}

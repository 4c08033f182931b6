package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.source.Ed2kHash;
import dev.cloudget.contracts.source.Ed2kSource;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.contracts.source.MetalinkFile;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.TorrentSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Set;

import static dev.cloudget.contracts.worker.Engine.BITTORRENT;
import static dev.cloudget.contracts.worker.Engine.FTP;
import static dev.cloudget.contracts.worker.Engine.HTTP;
import static org.assertj.core.api.Assertions.assertThat;

class EngineNeedsTest {

    private static final Set<Engine> HTTP_ONLY = Set.of(HTTP);
    private static final Set<Engine> FTP_ONLY = Set.of(FTP);
    private static final InfoHash INFO_HASH = new InfoHash("0123456789abcdef0123456789abcdef01234567");

    @Test
    void torrentsAndMagnetsNeedBitTorrent() {
        EngineNeeds magnet = EngineNeeds.of(new MagnetSource(INFO_HASH, "a.iso", List.of(), List.of(), null));
        EngineNeeds torrent = EngineNeeds.of(new TorrentSource(SeedId.random(), INFO_HASH, FileSelection.ALL));

        assertThat(magnet.metBy(Set.of(HTTP, FTP))).isFalse();
        assertThat(magnet.metBy(Set.of(BITTORRENT))).isTrue();
        assertThat(torrent.metBy(Set.of(HTTP, FTP))).isFalse();
        assertThat(torrent).hasToString("BITTORRENT");
    }

    @Test
    void aLinkNeedsTheEngineOfItsSchemeAndAMirrorOffersAnother() {
        EngineNeeds https = EngineNeeds.of(new HttpSource(URI.create("https://origin.example/a.iso")));
        EngineNeeds ftp = EngineNeeds.of(new HttpSource(URI.create("ftp://origin.example/a.iso")));
        EngineNeeds mirrored = EngineNeeds.of(new HttpSource(URI.create("https://origin.example/a.iso"),
                List.of(URI.create("ftp://mirror.example/a.iso"))));

        assertThat(https.metBy(HTTP_ONLY)).isTrue();
        assertThat(https.metBy(FTP_ONLY)).isFalse();
        assertThat(ftp.metBy(HTTP_ONLY)).isFalse();
        assertThat(ftp.metBy(FTP_ONLY)).isTrue();
        assertThat(mirrored.metBy(HTTP_ONLY)).isTrue();
        assertThat(mirrored.metBy(FTP_ONLY)).isTrue();
        assertThat(mirrored.metBy(Set.of(BITTORRENT))).isFalse();
        assertThat(mirrored).hasToString("HTTP or FTP");
    }

    @Test
    void anEd2kLinkNeedsTheEnginesOfItsHttpSourcesAndWithoutAnyNothing() {
        Ed2kHash hash = new Ed2kHash("31d6cfe0d16ae931b73c59d7e0c089c0");
        EngineNeeds sourced = EngineNeeds.of(new Ed2kSource(hash, 1024, "a.iso", null,
                List.of(URI.create("http://mirror.example/a.iso"))));
        EngineNeeds unsourced = EngineNeeds.of(new Ed2kSource(hash, 1024, "a.iso", null, List.of()));

        assertThat(sourced.metBy(HTTP_ONLY)).isTrue();
        assertThat(sourced.metBy(Set.of(FTP, BITTORRENT))).isFalse();
        assertThat(unsourced).isEqualTo(EngineNeeds.NONE);
        assertThat(unsourced.metBy(Set.of())).isTrue();
    }

    @Test
    void aReadMetalinkNeedsAnEngineForEveryFile() {
        EngineNeeds needs = EngineNeeds.of(MetalinkSource.read(List.of(
                file("a", "https://a.example/a", "ftp://b.example/a"),
                file("b", "ftp://b.example/b"))));

        assertThat(needs.metBy(FTP_ONLY)).isTrue();
        assertThat(needs.metBy(HTTP_ONLY)).as("file b has no http URL").isFalse();
        assertThat(needs).hasToString("HTTP or FTP, and FTP");
    }

    @Test
    void aLinkedMetalinkNeedsTheEngineOfItsDocument() {
        EngineNeeds needs = EngineNeeds.of(MetalinkSource.linked(URI.create("https://origin.example/a.meta4")));

        assertThat(needs.metBy(HTTP_ONLY)).isTrue();
        assertThat(needs.metBy(FTP_ONLY)).isFalse();
    }

    @Test
    void aUrlOfASchemeNoEngineFetchesAsksForNothing() {
        EngineNeeds needs = EngineNeeds.of(MetalinkSource.read(List.of(file("a", "rsync://c.example/a"))));

        assertThat(needs).isEqualTo(EngineNeeds.NONE);
    }

    private static MetalinkFile file(String name, String... urls) {
        return new MetalinkFile(name, -1, null, null, List.of(urls).stream().map(URI::create).toList());
    }
}

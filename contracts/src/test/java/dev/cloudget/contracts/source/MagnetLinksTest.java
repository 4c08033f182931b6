package dev.cloudget.contracts.source;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MagnetLinksTest {

    private static final String HEX = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";

    @Test
    void readsInfoHashNameTrackersAndWebSeeds() {
        MagnetSource magnet = MagnetLinks.parse("magnet:?xt=urn:btih:" + HEX.toUpperCase()
                + "&dn=Some+File.iso&tr=http%3A%2F%2Ftracker.example%3A6969%2Fannounce&tr.1=udp://t2.example:80"
                + "&ws=https%3A%2F%2Fmirror.example%2Ff.iso");

        assertThat(magnet.infoHash().hex()).isEqualTo(HEX);
        assertThat(magnet.name()).isEqualTo("Some File.iso");
        assertThat(magnet.trackers()).containsExactly(URI.create("http://tracker.example:6969/announce"),
                URI.create("udp://t2.example:80"));
        assertThat(magnet.webSeeds()).containsExactly(URI.create("https://mirror.example/f.iso"));
        assertThat(magnet.key().value()).isEqualTo("btih:" + HEX);
    }

    @Test
    void readsTheBase32FormOfTheInfoHash() {
        // base32 of the 20 bytes 0x00..0x13
        MagnetSource magnet = MagnetLinks.parse("magnet:?xt=urn:btih:AAAQEAYEAUDAOCAJBIFQYDIOB4IBCEQT");

        assertThat(magnet.infoHash().hex()).isEqualTo("000102030405060708090a0b0c0d0e0f10111213");
    }

    @Test
    void aSelectionChangesTheKeyButNotTheTorrent() {
        MagnetSource magnet = MagnetLinks.parse("magnet:?xt=urn:btih:" + HEX);

        BitTorrentSource some = magnet.withFiles(FileSelection.of(List.of(3, 0, 3)));

        assertThat(some.key().value()).isEqualTo("btih:" + HEX + "?files=0,3");
        assertThat(BitTorrentSource.fileKey(magnet.infoHash(), 3).value()).isEqualTo("btih:" + HEX + "#3");
    }

    @Test
    void refusesMagnetsWithoutAUsableInfoHash() {
        assertThatThrownBy(() -> MagnetLinks.parse("magnet:?dn=x")).hasMessageContaining("no info-hash");
        assertThatThrownBy(() -> MagnetLinks.parse("magnet:?xt=urn:btmh:1220" + HEX + HEX.substring(0, 24)))
                .hasMessageContaining("v2");
        assertThatThrownBy(() -> MagnetLinks.parse("magnet:?xt=urn:btih:xyz")).hasMessageContaining("40 hex");
        assertThatThrownBy(() -> MagnetLinks.parse("magnet:?xt=urn:btih:" + HEX + "&xt=urn:btih:" + HEX.replace('c', 'd')))
                .hasMessageContaining("two different");
    }

    @Test
    void refusesTrackersThatAreNotNetworkUrls() {
        assertThatThrownBy(() -> MagnetLinks.parse("magnet:?xt=urn:btih:" + HEX + "&tr=file:///etc/passwd"))
                .hasMessageContaining("tracker");
    }
}

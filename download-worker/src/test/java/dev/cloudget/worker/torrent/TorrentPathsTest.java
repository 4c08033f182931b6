package dev.cloudget.worker.torrent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A magnet's metadata comes from peers: the paths a task reports are made harmless first. */
class TorrentPathsTest {

    @Test
    void keepsOrdinaryNames() {
        assertThat(TorrentEngine.safeElement("read me later.txt")).isEqualTo("read me later.txt");
        assertThat(TorrentEngine.safeElement("música.flac")).isEqualTo("música.flac");
    }

    @Test
    void neutralisesTraversalSeparatorsAndControlCharacters() {
        assertThat(TorrentEngine.safeElement("..")).isEqualTo("_");
        assertThat(TorrentEngine.safeElement(".")).isEqualTo("_");
        assertThat(TorrentEngine.safeElement("")).isEqualTo("_");
        assertThat(TorrentEngine.safeElement("a/../b")).isEqualTo("a_.._b");
        assertThat(TorrentEngine.safeElement("c:\\windows")).isEqualTo("c:_windows");
        assertThat(TorrentEngine.safeElement("bell\u0007\r\n.txt")).isEqualTo("bell___.txt");
    }
}

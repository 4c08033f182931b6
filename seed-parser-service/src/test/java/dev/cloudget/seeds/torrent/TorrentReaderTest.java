package dev.cloudget.seeds.torrent;

import dev.cloudget.seeds.bencode.BencodeLimits;
import dev.cloudget.seeds.bencode.BencodeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;

import static dev.cloudget.seeds.torrent.B.d;
import static dev.cloudget.seeds.torrent.B.i;
import static dev.cloudget.seeds.torrent.B.l;
import static dev.cloudget.seeds.torrent.B.s;
import static dev.cloudget.seeds.torrent.TorrentMother.PIECE;
import static dev.cloudget.seeds.torrent.TorrentMother.path;
import static dev.cloudget.seeds.torrent.TorrentMother.pieces;
import static dev.cloudget.seeds.torrent.TorrentMother.wrap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TorrentReaderTest {

    private final TorrentReader reader =
            new TorrentReader(new BencodeParser(BencodeLimits.DEFAULT), TorrentReader.DEFAULT_MAX_FILES);

    @Test
    void readsASingleFileTorrent() {
        TorrentMother.Torrent torrent = TorrentMother.singleFile();

        Metainfo metainfo = reader.read(torrent.bytes());

        assertThat(metainfo.infoHash().hex()).isEqualTo(torrent.infoHash());
        assertThat(metainfo.name()).isEqualTo("ubuntu.iso");
        assertThat(metainfo.files()).containsExactly(new TorrentFile(0, "ubuntu.iso", 100_000, false));
        assertThat(metainfo.totalSize()).isEqualTo(100_000);
        assertThat(metainfo.pieceLength()).isEqualTo(PIECE);
        assertThat(metainfo.pieceCount()).isEqualTo(7);
        assertThat(metainfo.trackers()).containsExactly(URI.create(TorrentMother.TRACKER),
                URI.create(TorrentMother.BACKUP_TRACKER));
        assertThat(metainfo.webSeeds()).containsExactly(URI.create(TorrentMother.WEB_SEED));
        assertThat(metainfo.hybrid()).isFalse();
    }

    @Test
    void readsAMultiFileTorrentInMetainfoOrder() {
        TorrentMother.Torrent torrent = TorrentMother.multiFile();

        Metainfo metainfo = reader.read(torrent.bytes());

        assertThat(metainfo.infoHash().hex()).isEqualTo(torrent.infoHash());
        assertThat(metainfo.files()).containsExactly(
                new TorrentFile(0, "cover.jpg", 1_000, false),
                new TorrentFile(1, "cd1/01 intro.flac", 20_000, false),
                new TorrentFile(2, "cd1/02 song.flac", 15_000, false),
                new TorrentFile(3, "cd2/01 outro.flac", 13_999, false),
                new TorrentFile(4, "notes.txt", 1, false));
        assertThat(metainfo.totalSize()).isEqualTo(50_000);
    }

    @Test
    void readsAHybridThroughItsV1PartAndFlagsPadFilesKeepingTheirIndex() {
        TorrentMother.Torrent torrent = TorrentMother.hybrid("hybrid");

        Metainfo metainfo = reader.read(torrent.bytes());

        assertThat(metainfo.hybrid()).isTrue();
        assertThat(metainfo.infoHash().hex()).isEqualTo(torrent.infoHash());
        assertThat(metainfo.files()).extracting(TorrentFile::index, TorrentFile::path, TorrentFile::pad)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(0, "a.bin", false),
                        org.assertj.core.groups.Tuple.tuple(1, ".pad/6384", true),
                        org.assertj.core.groups.Tuple.tuple(2, "b.bin", false));
        assertThat(metainfo.visibleFiles()).extracting(TorrentFile::index).containsExactly(0, 2);
        assertThat(metainfo.totalSize()).isEqualTo(10_010);
    }

    @Test
    void prefersTheUtf8NamesAndAcceptsAPathThatIsNotUtf8WhenOneIsGiven() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};
        byte[] info = d("files", l(d("length", i(10), "path", l(s(latin1)), "path.utf-8", l(s("café")))),
                "name", s("raw"), "name.utf-8", s("Café"), "piece length", i(PIECE), "pieces", pieces(1));

        Metainfo metainfo = reader.read(wrap(info));

        assertThat(metainfo.name()).isEqualTo("Café");
        assertThat(metainfo.files()).containsExactly(new TorrentFile(0, "café", 10, false));
    }

    @Test
    void readsWebSeedsGivenAsAListAndLeavesOutUnusableTrackers() {
        byte[] info = d("length", i(10), "name", s("x"), "piece length", i(PIECE), "pieces", pieces(1));
        byte[] torrent = d("announce", s("dht://nowhere"), "announce-list",
                l(l(s("udp://a.example:80"), s("")), l(s("udp://a.example:80"), s("https://b.example/announce"))),
                "info", info, "url-list", l(s("https://c.example/x"), s("ftp://d.example/x")));

        Metainfo metainfo = reader.read(torrent);

        assertThat(metainfo.trackers()).containsExactly(URI.create("udp://a.example:80"),
                URI.create("https://b.example/announce"));
        assertThat(metainfo.webSeeds()).containsExactly(URI.create("https://c.example/x"));
    }

    @Test
    void acceptsAZeroLengthFileAndPieceLengthsAtBothLimits() {
        byte[] small = wrap(d("files", l(d("length", i(0), "path", path(List.of("empty"))),
                        d("length", i(PIECE + 1), "path", path(List.of("data")))),
                "name", s("n"), "piece length", i(PIECE), "pieces", pieces(2)));
        byte[] large = wrap(d("length", i(1), "name", s("n"), "piece length", i(64L * 1024 * 1024), "pieces",
                pieces(1)));

        assertThat(reader.read(small).pieceCount()).isEqualTo(2);
        assertThat(reader.read(large).pieceLength()).isEqualTo(64L * 1024 * 1024);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.cloudget.seeds.torrent.TorrentMother#hostileCorpus")
    void refusesEveryHostileTorrentNamingTheField(TorrentMother.Hostile hostile) {
        assertThatThrownBy(() -> reader.read(hostile.bytes()))
                .isInstanceOfSatisfying(TorrentRefusedException.class, refused -> {
                    assertThat(refused.refusal().slug()).isEqualTo(hostile.type());
                    assertThat(refused.field()).isEqualTo(hostile.field());
                    assertThat(refused.offset()).isBetween(0L, (long) hostile.bytes().length);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"con", "Con.txt", "NUL.tar.gz", "com1", "COM9.log", "lpt9", "aux ", "PRN", "COM¹"})
    void refusesWindowsDeviceNamesWhateverTheirCaseOrExtension(String name) {
        assertThatThrownBy(() -> reader.read(TorrentMother.withPath("dir", name)))
                .isInstanceOfSatisfying(TorrentRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(Refusal.UNSAFE_PATH));
    }

    @ParameterizedTest
    @ValueSource(strings = {"console.txt", "COM10", "lpt", "auxiliary", "..hidden", "a.b.c"})
    void acceptsNamesThatOnlyLookLikeUnsafeOnes(String name) {
        assertThat(reader.read(TorrentMother.withPath("dir", name)).files().getFirst().path())
                .isEqualTo("dir/" + name);
    }

    @Test
    void acceptsAComponentOfExactly255Bytes() {
        String name = "x".repeat(255);

        assertThat(reader.read(TorrentMother.withPath("dir", name)).files().getFirst().path()).isEqualTo("dir/" + name);
    }

    @Test
    void refusesASymlinkPointingOutOfTheTorrent() {
        byte[] torrent = wrap(d("files", l(d("attr", s("l"), "length", i(0), "path", path(List.of("link")),
                        "symlink path", path(List.of("..", "..", "etc")))), "name", s("n"), "piece length", i(PIECE),
                "pieces", pieces(0)));

        assertThatThrownBy(() -> reader.read(torrent)).isInstanceOfSatisfying(TorrentRefusedException.class,
                refused -> assertThat(refused.field()).isEqualTo("info.files[0].symlink path"));
    }

    @Test
    void refusesMoreFilesThanTheLimitAsTooLarge() {
        TorrentReader strict = new TorrentReader(new BencodeParser(BencodeLimits.DEFAULT), 4);

        assertThatThrownBy(() -> strict.read(TorrentMother.multiFile().bytes()))
                .isInstanceOfSatisfying(TorrentRefusedException.class, refused -> {
                    assertThat(refused.refusal()).isEqualTo(Refusal.TOO_LARGE);
                    assertThat(refused.field()).isEqualTo("info.files");
                });
    }

    @Test
    void refusesInputOverTheSizeLimitAsTooLarge() {
        TorrentReader small = new TorrentReader(new BencodeParser(new BencodeLimits(100, 32, 1000, 100)), 10);

        assertThatThrownBy(() -> small.read(TorrentMother.singleFile().bytes()))
                .isInstanceOfSatisfying(TorrentRefusedException.class,
                        refused -> assertThat(refused.refusal()).isEqualTo(Refusal.TOO_LARGE));
    }

    @Test
    void wrapsAnInfoDictionaryByteForByteSoItsInfoHashStays() {
        TorrentMother.Torrent torrent = TorrentMother.multiFile("delivered");
        List<URI> trackers = List.of(URI.create("udp://one.example:1337"), URI.create("http://two.example/a"));

        byte[] whole = reader.completeTorrent(torrent.info(), trackers, List.of(URI.create("https://ws.example/")));
        Metainfo metainfo = reader.read(whole);

        assertThat(metainfo.infoHash().hex()).isEqualTo(torrent.infoHash());
        assertThat(metainfo.trackers()).containsExactlyElementsOf(trackers);
        assertThat(metainfo.webSeeds()).containsExactly(URI.create("https://ws.example/"));
        assertThat(metainfo.files()).hasSize(5);
    }

    @Test
    void keepsAWholeTorrentAsItIs() {
        byte[] bytes = TorrentMother.singleFile().bytes();

        assertThat(reader.completeTorrent(bytes, List.of(URI.create("udp://x.example:1")), List.of()))
                .isSameAs(bytes);
    }
}

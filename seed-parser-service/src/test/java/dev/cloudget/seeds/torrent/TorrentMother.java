package dev.cloudget.seeds.torrent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static dev.cloudget.seeds.torrent.B.cat;
import static dev.cloudget.seeds.torrent.B.d;
import static dev.cloudget.seeds.torrent.B.i;
import static dev.cloudget.seeds.torrent.B.l;
import static dev.cloudget.seeds.torrent.B.raw;
import static dev.cloudget.seeds.torrent.B.s;

/**
 * Torrents for tests, valid and hostile, built byte by byte with {@link B}. Each valid one knows its own
 * {@code info} bytes, so its info-hash is computed here and not by the code under test.
 */
public final class TorrentMother {

    public static final String TRACKER = "http://tracker.example/announce";
    public static final String BACKUP_TRACKER = "udp://backup.example:6969/announce";
    public static final String WEB_SEED = "https://mirror.example/files/";
    public static final int PIECE = 16384;

    private TorrentMother() {
    }

    /** A torrent: its bytes, its {@code info} dictionary's bytes and what a reader should find in it. */
    public record Torrent(byte[] bytes, byte[] info, String name, List<String> paths, List<Long> sizes) {

        public String infoHash() {
            return sha1(info);
        }

        public Torrent truncated(int length) {
            return new Torrent(Arrays.copyOf(bytes, length), info, name, paths, sizes);
        }
    }

    /** A torrent the reader must refuse with {@code type} at {@code field}. */
    public record Hostile(String description, byte[] bytes, String type, String field) {

        @Override
        public String toString() {
            return description;
        }
    }

    public static Torrent singleFile() {
        return singleFile("ubuntu.iso");
    }

    /** One file of 100,000 bytes: 7 pieces of 16 KiB. */
    public static Torrent singleFile(String name) {
        byte[] info = d("length", i(100_000), "name", s(name), "piece length", i(PIECE), "pieces", pieces(7));
        return new Torrent(wrap(info), info, name, List.of(name), List.of(100_000L));
    }

    public static Torrent multiFile() {
        return multiFile("album");
    }

    /** Five files in two directories, 50,000 bytes in all: 4 pieces. */
    public static Torrent multiFile(String name) {
        List<List<String>> paths = List.of(List.of("cover.jpg"), List.of("cd1", "01 intro.flac"),
                List.of("cd1", "02 song.flac"), List.of("cd2", "01 outro.flac"), List.of("notes.txt"));
        List<Long> sizes = List.of(1_000L, 20_000L, 15_000L, 13_999L, 1L);
        List<byte[]> files = new ArrayList<>();
        for (int at = 0; at < paths.size(); at++) {
            files.add(d("length", i(sizes.get(at)), "path", path(paths.get(at))));
        }
        byte[] info = d("files", l(files.toArray(byte[][]::new)), "name", s(name), "piece length", i(PIECE),
                "pieces", pieces(4));
        return new Torrent(wrap(info), info, name, paths.stream().map(path -> String.join("/", path)).toList(),
                sizes);
    }

    /**
     * A v1/v2 hybrid (BEP 52): a {@code file tree} and, for v1, {@code files} with a pad file (BEP 47) that aligns
     * the second file to a piece: 16,384 + 10 bytes, 2 pieces.
     */
    public static Torrent hybrid(String name) {
        byte[] fileTree = d("a.bin", d("", d("length", i(10_000), "pieces root", s(new byte[32]))),
                "b.bin", d("", d("length", i(10), "pieces root", s(new byte[32]))));
        byte[] files = l(
                d("length", i(10_000), "path", path(List.of("a.bin"))),
                d("attr", s("p"), "length", i(PIECE - 10_000), "path", path(List.of(".pad", "6384"))),
                d("length", i(10), "path", path(List.of("b.bin"))));
        byte[] info = d("file tree", fileTree, "files", files, "meta version", i(2), "name", s(name),
                "piece length", i(PIECE), "pieces", pieces(2));
        return new Torrent(wrap(info), info, name, List.of("a.bin", ".pad/6384", "b.bin"),
                List.of(10_000L, (long) PIECE - 10_000, 10L));
    }

    /** BitTorrent v2 only: a file tree and no v1 pieces. */
    public static byte[] v2Only(String name) {
        byte[] fileTree = d("a.bin", d("", d("length", i(10_000), "pieces root", s(new byte[32]))));
        return wrap(d("file tree", fileTree, "meta version", i(2), "name", s(name), "piece length", i(PIECE)));
    }

    /** A multi-file torrent whose only file has {@code path} (a list of components, encoded). */
    public static byte[] withPath(byte[] path) {
        return wrap(d("files", l(d("length", i(10), "path", path)), "name", s("dir"), "piece length", i(PIECE),
                "pieces", pieces(1)));
    }

    public static byte[] withPath(String... components) {
        return withPath(path(List.of(components)));
    }

    /** The torrent {@code info} in a whole torrent with trackers and a web seed. */
    public static byte[] wrap(byte[] info) {
        return d("announce", s(TRACKER), "announce-list", l(l(s(TRACKER)), l(s(BACKUP_TRACKER))),
                "comment", s("made by TorrentMother"), "info", info, "url-list", s(WEB_SEED));
    }

    /** Every hostile torrent of the corpus, with the refusal each must get. */
    public static List<Hostile> hostileCorpus() {
        String malformed = "torrent-malformed";
        String invalid = "torrent-invalid";
        String unsafe = "unsafe-path";
        byte[] valid = singleFile("valid").bytes();
        List<Hostile> corpus = new ArrayList<>();
        corpus.add(new Hostile("traversal ..", withPath("..", "..", "etc", "passwd"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("traversal .", withPath("a", ".", "b"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("absolute path", withPath("", "etc", "passwd"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("empty component", withPath("a", "", "b"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("empty path", withPath(l()), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("separator in component", withPath("a/../../b"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("backslash", withPath("..\\..\\windows"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("drive letter", withPath("C:", "Windows"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("control character", withPath("bell\u0007.txt"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("NUL byte", withPath("evil\u0000.txt"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("DEL character", withPath("del\u007f"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("device name", withPath("CON"), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("device name with extension", withPath("docs", "lpt1.txt"), unsafe,
                "info.files[0].path"));
        corpus.add(new Hostile("over-long component", withPath("x".repeat(256)), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("over-long path", withPath(path(java.util.Collections.nCopies(40, "y".repeat(120)))),
                unsafe, "info.files[0].path"));
        corpus.add(new Hostile("non-UTF-8 file name",
                withPath(l(s(new byte[] {'a', (byte) 0xff, (byte) 0xfe}))), unsafe, "info.files[0].path"));
        corpus.add(new Hostile("non-UTF-8 torrent name", wrap(d("length", i(10), "name", s(new byte[] {(byte) 0xc3}),
                "piece length", i(PIECE), "pieces", pieces(1))), unsafe, "info.name"));
        corpus.add(new Hostile("traversal in name", wrap(d("length", i(10), "name", s(".."),
                "piece length", i(PIECE), "pieces", pieces(1))), unsafe, "info.name"));
        corpus.add(new Hostile("nesting bomb", cat(raw("l".repeat(100_000)), raw("e".repeat(100_000))), malformed,
                "[0]".repeat(32)));
        corpus.add(new Hostile("lengths that overflow", wrap(d("files", l(
                d("length", i(Long.MAX_VALUE / 2 + 1), "path", path(List.of("a"))),
                d("length", i(Long.MAX_VALUE / 2 + 1), "path", path(List.of("b")))),
                "name", s("big"), "piece length", i(PIECE), "pieces", pieces(1))), invalid, "info.files[1].length"));
        corpus.add(new Hostile("negative length", wrap(d("length", i(-1), "name", s("neg"), "piece length", i(PIECE),
                "pieces", pieces(0))), invalid, "info.length"));
        corpus.add(new Hostile("integer over 64 bits", wrap(cat(raw("d6:lengthi99999999999999999999e"),
                s("name"), s("x"), s("piece length"), i(PIECE), s("pieces"), pieces(1), raw("e"))), malformed,
                "info.length"));
        corpus.add(new Hostile("inconsistent piece count", wrap(d("length", i(100_000), "name", s("short"),
                "piece length", i(PIECE), "pieces", pieces(6))), invalid, "info.pieces"));
        corpus.add(new Hostile("pieces not a multiple of 20", wrap(d("length", i(10), "name", s("odd"),
                "piece length", i(PIECE), "pieces", s(new byte[21]))), invalid, "info.pieces"));
        corpus.add(new Hostile("piece length 0", wrap(d("length", i(10), "name", s("zero"), "piece length", i(0),
                "pieces", pieces(1))), invalid, "info.piece length"));
        corpus.add(new Hostile("piece length not a power of two", wrap(d("length", i(10), "name", s("p"),
                "piece length", i(100_000), "pieces", pieces(1))), invalid, "info.piece length"));
        corpus.add(new Hostile("no info", d("announce", s(TRACKER)), invalid, "info"));
        corpus.add(new Hostile("both length and files", wrap(d("files", l(d("length", i(1), "path", path(List.of("a")))),
                "length", i(1), "name", s("both"), "piece length", i(PIECE), "pieces", pieces(1))), invalid, "info"));
        corpus.add(new Hostile("v2 only", v2Only("v2"), "unsupported-source", "info.pieces"));
        corpus.add(new Hostile("duplicate keys", wrap(d("length", i(10), "name", s("a"), "name", s("b"),
                "piece length", i(PIECE), "pieces", pieces(1))), malformed, "info.name"));
        corpus.add(new Hostile("unsorted keys", wrap(d("name", s("a"), "length", i(10),
                "piece length", i(PIECE), "pieces", pieces(1))), malformed, "info.length"));
        corpus.add(new Hostile("integer dictionary key", raw("di1ei2ee"), malformed, "(root)"));
        corpus.add(new Hostile("truncated", Arrays.copyOf(valid, valid.length - 50), malformed, "info.pieces"));
        corpus.add(new Hostile("trailing garbage", cat(valid, raw("garbage")), malformed, "(root)"));
        corpus.add(new Hostile("leading zero", wrap(cat(raw("d6:lengthi010e"), s("name"), s("lz"),
                s("piece length"), i(PIECE), s("pieces"), pieces(1), raw("e"))), malformed, "info.length"));
        corpus.add(new Hostile("negative zero", wrap(cat(raw("d6:lengthi-0e"), s("name"), s("nz"),
                s("piece length"), i(PIECE), s("pieces"), pieces(1), raw("e"))), malformed, "info.length"));
        corpus.add(new Hostile("string longer than the input", raw("d4:info999999:abce"), malformed, "info"));
        corpus.add(new Hostile("not bencode", "<html>not a torrent</html>".getBytes(StandardCharsets.UTF_8),
                malformed, "(root)"));
        corpus.add(new Hostile("empty", new byte[0], malformed, "(root)"));
        return corpus;
    }

    public static byte[] path(List<String> components) {
        return l(components.stream().map(B::s).toArray(byte[][]::new));
    }

    /** {@code count} piece hashes; their content does not matter to the parser. */
    public static byte[] pieces(int count) {
        byte[] hashes = new byte[count * 20];
        for (int at = 0; at < hashes.length; at++) {
            hashes[at] = (byte) (at * 31 + 7);
        }
        return s(hashes);
    }

    public static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

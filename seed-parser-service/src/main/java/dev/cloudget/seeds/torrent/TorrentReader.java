package dev.cloudget.seeds.torrent;

import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.seeds.bencode.BDictionary;
import dev.cloudget.seeds.bencode.BInteger;
import dev.cloudget.seeds.bencode.BList;
import dev.cloudget.seeds.bencode.BString;
import dev.cloudget.seeds.bencode.Bencode;
import dev.cloudget.seeds.bencode.BencodeException;
import dev.cloudget.seeds.bencode.BencodeParser;
import dev.cloudget.seeds.bencode.BencodeWriter;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a {@code .torrent} (BEP 3, with BEP 12 tiers, BEP 19 web seeds, BEP 47 pad files and the v1 part of BEP 52
 * hybrids) into its {@link Metainfo}, refusing anything malformed, inconsistent or unsafe with a
 * {@link TorrentRefusedException} that names the offending field. Nothing but that exception escapes for any input.
 * Unknown keys are allowed (the format is extensible); tracker and web seed URLs that no engine could use are left
 * out of the index rather than refused, since real torrents carry such leftovers. Thread-safe.
 */
public final class TorrentReader {

    public static final int DEFAULT_MAX_FILES = 100_000;
    static final long MIN_PIECE_LENGTH = 16 * 1024;
    static final long MAX_PIECE_LENGTH = 64L * 1024 * 1024;
    private static final int SHA1_BYTES = 20;
    private static final Set<String> TRACKER_SCHEMES = Set.of("http", "https", "udp");
    private static final Set<String> WEB_SEED_SCHEMES = Set.of("http", "https");

    private final BencodeParser parser;
    private final int maxFiles;

    public TorrentReader(BencodeParser parser, int maxFiles) {
        if (maxFiles < 1) {
            throw new IllegalArgumentException("max files must be positive");
        }
        this.parser = parser;
        this.maxFiles = maxFiles;
    }

    /** Reads a whole {@code .torrent}: a dictionary with an {@code info} dictionary and optional trackers. */
    public Metainfo read(byte[] torrent) {
        BDictionary top = dictionary(parse(torrent), "(root)");
        BDictionary info = dictionary(required(top, "info", "(root)"), "info");
        InfoHash infoHash = sha1(torrent, info.start(), info.end());
        List<URI> trackers = trackers(top);
        List<URI> webSeeds = webSeeds(top);
        return info(info, infoHash, trackers, webSeeds);
    }

    /**
     * A whole {@code .torrent} for {@code metainfo}, which is either one already (returned as it is) or only the
     * bencoded {@code info} dictionary, as BEP 9 delivers it from peers. An info dictionary is wrapped, byte for
     * byte so that its info-hash stays, in a torrent announcing to {@code trackers} with {@code webSeeds}.
     */
    public byte[] completeTorrent(byte[] metainfo, List<URI> trackers, List<URI> webSeeds) {
        Bencode root = parse(metainfo);
        if (root instanceof BDictionary dictionary && dictionary.has("info")) {
            return metainfo;
        }
        dictionary(root, "(root)");
        BencodeWriter torrent = new BencodeWriter().startDictionary();
        // keys in raw byte order: announce, announce-list, info, url-list
        if (!trackers.isEmpty()) {
            torrent.string("announce").string(trackers.getFirst().toString());
            torrent.string("announce-list").startList();
            // one tier per tracker, as clients treat a magnet's trackers
            trackers.forEach(tracker -> torrent.startList().string(tracker.toString()).end());
            torrent.end();
        }
        torrent.string("info").raw(metainfo);
        if (!webSeeds.isEmpty()) {
            torrent.string("url-list").startList();
            webSeeds.forEach(seed -> torrent.string(seed.toString()));
            torrent.end();
        }
        return torrent.end().toBytes();
    }

    private Bencode parse(byte[] bytes) {
        try {
            return parser.parse(bytes);
        } catch (BencodeException refused) {
            Refusal refusal = BencodeException.TOO_LARGE.equals(refused.slug()) ? Refusal.TOO_LARGE : Refusal.MALFORMED;
            throw new TorrentRefusedException(refusal, refused.path(), refused.offset(), refused.detail());
        }
    }

    private Metainfo info(BDictionary info, InfoHash infoHash, List<URI> trackers, List<URI> webSeeds) {
        long metaVersion = info.get("meta version").map(value -> integer(value, "info.meta version")).orElse(1L);
        if (metaVersion != 1 && metaVersion != 2) {
            throw invalid("info.meta version", info.get("meta version").orElseThrow(),
                    "unknown meta version " + metaVersion);
        }
        if (metaVersion == 2 && !info.has("pieces")) {
            throw new TorrentRefusedException(Refusal.UNSUPPORTED, "info.pieces", info.start(),
                    "a BitTorrent v2-only torrent (meta version 2 without v1 pieces) cannot be downloaded: "
                            + "the engines work through the v1 info-hash; use a v1 or hybrid torrent");
        }
        long pieceLength = integer(required(info, "piece length", "info"), "info.piece length");
        if (pieceLength < MIN_PIECE_LENGTH || pieceLength > MAX_PIECE_LENGTH || Long.bitCount(pieceLength) != 1) {
            throw invalid("info.piece length", info.get("piece length").orElseThrow(), "piece length " + pieceLength
                    + " is not a power of two between " + MIN_PIECE_LENGTH + " and " + MAX_PIECE_LENGTH);
        }
        BString pieces = string(required(info, "pieces", "info"), "info.pieces");
        if (pieces.length() % SHA1_BYTES != 0) {
            throw invalid("info.pieces", pieces, "pieces of " + pieces.length() + " bytes, not a multiple of 20");
        }
        String name = name(info);
        List<TorrentFile> files = files(info, name);
        long total = 0;
        for (TorrentFile file : files) {
            try {
                total = Math.addExact(total, file.size());
            } catch (ArithmeticException overflow) {
                throw invalid(lengthField(info, file.index()), info, "total size does not fit in 64 bits (file "
                        + file.index() + ")");
            }
        }
        long expectedPieces = total == 0 ? 0 : (total - 1) / pieceLength + 1;
        int pieceCount = pieces.length() / SHA1_BYTES;
        if (pieceCount != expectedPieces) {
            throw invalid("info.pieces", pieces, pieceCount + " piece hashes for " + total + " bytes in pieces of "
                    + pieceLength + " (" + expectedPieces + " expected)");
        }
        return new Metainfo(infoHash, name, pieceLength, pieceCount, files, trackers, webSeeds, metaVersion == 2);
    }

    private static String lengthField(BDictionary info, int index) {
        return info.has("files") ? "info.files[" + index + "].length" : "info.length";
    }

    /** {@code name.utf-8} when present (it must then be valid), else {@code name}, which must be UTF-8. */
    private static String name(BDictionary info) {
        Optional<BString> raw = info.get("name").map(value -> string(value, "info.name"));
        Optional<BString> utf8 = info.get("name.utf-8").map(value -> string(value, "info.name.utf-8"));
        if (raw.isEmpty() && utf8.isEmpty()) {
            throw invalid("info.name", info, "info has no name");
        }
        raw.ifPresent(name -> checkComponent(name, "info.name"));
        utf8.ifPresent(name -> checkComponent(name, "info.name.utf-8"));
        if (utf8.isPresent()) {
            return text(utf8.get(), "info.name.utf-8");
        }
        return text(raw.get(), "info.name");
    }

    private List<TorrentFile> files(BDictionary info, String name) {
        boolean single = info.has("length");
        boolean multi = info.has("files");
        if (single == multi) {
            throw invalid("info", info, single ? "info has both length and files" : "info has neither length nor files");
        }
        if (single) {
            long length = integer(info.get("length").orElseThrow(), "info.length");
            if (length < 0) {
                throw invalid("info.length", info.get("length").orElseThrow(), "negative length " + length);
            }
            checkPathLength(name.getBytes(StandardCharsets.UTF_8).length, "info.name", info);
            return List.of(new TorrentFile(0, name, length, false));
        }
        BList list = list(info.get("files").orElseThrow(), "info.files");
        if (list.size() == 0) {
            throw invalid("info.files", list, "files is empty");
        }
        if (list.size() > maxFiles) {
            throw new TorrentRefusedException(Refusal.TOO_LARGE, "info.files", list.start(),
                    list.size() + " files (at most " + maxFiles + ")");
        }
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        List<TorrentFile> files = new ArrayList<>(list.size());
        for (int index = 0; index < list.size(); index++) {
            String field = "info.files[" + index + "]";
            BDictionary file = dictionary(list.items().get(index), field);
            long length = integer(required(file, "length", field), field + ".length");
            if (length < 0) {
                throw invalid(field + ".length", file.get("length").orElseThrow(), "negative length " + length);
            }
            String path = path(file, field, nameBytes);
            boolean pad = false;
            Optional<Bencode> attr = file.get("attr");
            if (attr.isPresent()) {
                BString attributes = string(attr.get(), field + ".attr");
                for (int i = 0; i < attributes.length(); i++) {
                    pad |= attributes.byteAt(i) == 'p';
                }
            }
            // a symlink's target is a path like any other (BEP 47): it must not lead out of the torrent either
            Optional<Bencode> symlink = file.get("symlink path");
            if (symlink.isPresent()) {
                components(list(symlink.get(), field + ".symlink path"), field + ".symlink path", false);
            }
            files.add(new TorrentFile(index, path, length, pad));
        }
        return files;
    }

    /**
     * The file's path: {@code path.utf-8} when present (then valid UTF-8 and safe), else {@code path}, which must
     * then be UTF-8. {@code path} must be safe in any case, whichever an engine uses to name the file on disk.
     */
    private static String path(BDictionary file, String field, int nameBytes) {
        BList raw = list(required(file, "path", field), field + ".path");
        String rawPath = components(raw, field + ".path", file.get("path.utf-8").isEmpty());
        String chosen = rawPath;
        if (file.has("path.utf-8")) {
            chosen = components(list(file.get("path.utf-8").orElseThrow(), field + ".path.utf-8"),
                    field + ".path.utf-8", true);
        }
        int rawBytes = raw.size() - 1;
        for (Bencode component : raw.items()) {
            rawBytes += ((BString) component).length();
        }
        checkPathLength(nameBytes + 1 + rawBytes, field + ".path", raw);
        checkPathLength(nameBytes + 1 + chosen.getBytes(StandardCharsets.UTF_8).length, field + ".path", raw);
        return chosen;
    }

    /** Checks every component of a path list and joins them with {@code /}; UTF-8 is required when {@code utf8}. */
    private static String components(BList path, String field, boolean utf8) {
        if (path.size() == 0) {
            throw new TorrentRefusedException(Refusal.UNSAFE_PATH, field, path.start(), "empty path");
        }
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            BString component = string(path.items().get(i), field + "[" + i + "]");
            String text = checkComponent(component, field);
            if (utf8) {
                text = text(component, field);
            }
            joined.append(i == 0 ? "" : "/").append(text);
        }
        return joined.toString();
    }

    /** Refuses an unsafe component; answers its text, decoded as UTF-8 when it is, else one char per byte. */
    private static String checkComponent(BString component, String field) {
        Optional<String> utf8 = component.utf8();
        String text = utf8.orElseGet(() -> new String(component.bytes(), StandardCharsets.ISO_8859_1));
        PathRules.unsafeComponent(text, component.length()).ifPresent(reason -> {
            throw new TorrentRefusedException(Refusal.UNSAFE_PATH, field, component.start(), reason);
        });
        return text;
    }

    private static String text(BString value, String field) {
        return value.utf8().orElseThrow(() -> new TorrentRefusedException(Refusal.UNSAFE_PATH, field, value.start(),
                "name is not valid UTF-8" + (field.endsWith(".utf-8") ? "" : " and no valid " + field
                        .substring(field.lastIndexOf('.') + 1) + ".utf-8 is given")));
    }

    private static void checkPathLength(int bytes, String field, Bencode where) {
        if (bytes > PathRules.MAX_PATH_BYTES) {
            throw new TorrentRefusedException(Refusal.UNSAFE_PATH, field, where.start(),
                    "path of " + bytes + " bytes (at most " + PathRules.MAX_PATH_BYTES + ")");
        }
    }

    private static List<URI> trackers(BDictionary top) {
        Set<URI> trackers = new LinkedHashSet<>();
        top.get("announce").map(value -> string(value, "announce"))
                .flatMap(value -> url(value, TRACKER_SCHEMES)).ifPresent(trackers::add);
        Optional<Bencode> announceList = top.get("announce-list");
        if (announceList.isPresent()) {
            BList tiers = list(announceList.get(), "announce-list");
            for (int tier = 0; tier < tiers.size(); tier++) {
                BList urls = list(tiers.items().get(tier), "announce-list[" + tier + "]");
                for (int i = 0; i < urls.size(); i++) {
                    url(string(urls.items().get(i), "announce-list[" + tier + "][" + i + "]"), TRACKER_SCHEMES)
                            .ifPresent(trackers::add);
                }
            }
        }
        return trackers.stream().limit(MagnetSource.MAX_TRACKERS).toList();
    }

    private static List<URI> webSeeds(BDictionary top) {
        Optional<Bencode> urlList = top.get("url-list");
        if (urlList.isEmpty()) {
            return List.of();
        }
        Set<URI> seeds = new LinkedHashSet<>();
        if (urlList.get() instanceof BString single) {
            url(single, WEB_SEED_SCHEMES).ifPresent(seeds::add);
        } else {
            BList urls = list(urlList.get(), "url-list");
            for (int i = 0; i < urls.size(); i++) {
                url(string(urls.items().get(i), "url-list[" + i + "]"), WEB_SEED_SCHEMES).ifPresent(seeds::add);
            }
        }
        return seeds.stream().limit(MagnetSource.MAX_TRACKERS).toList();
    }

    /** The URL when it is one an engine can use: UTF-8, absolute, one of {@code schemes}, with a host. */
    private static Optional<URI> url(BString value, Set<String> schemes) {
        return value.utf8().map(String::strip).flatMap(text -> {
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                return schemes.contains(scheme) && uri.getHost() != null && !uri.getHost().isEmpty()
                        ? Optional.of(uri) : Optional.empty();
            } catch (URISyntaxException notUrl) {
                return Optional.empty();
            }
        });
    }

    private static Bencode required(BDictionary dictionary, String key, String field) {
        return dictionary.get(key).orElseThrow(() -> invalid(field.equals("(root)") ? key : field + "." + key,
                dictionary, "missing '" + key + "'"));
    }

    private static BDictionary dictionary(Bencode value, String field) {
        if (value instanceof BDictionary dictionary) {
            return dictionary;
        }
        throw invalid(field, value, "must be a dictionary, not a " + value.kind());
    }

    private static BList list(Bencode value, String field) {
        if (value instanceof BList list) {
            return list;
        }
        throw invalid(field, value, "must be a list, not a " + value.kind());
    }

    private static BString string(Bencode value, String field) {
        if (value instanceof BString string) {
            return string;
        }
        throw invalid(field, value, "must be a byte string, not a " + value.kind());
    }

    private static long integer(Bencode value, String field) {
        if (value instanceof BInteger integer) {
            return integer.value();
        }
        throw invalid(field, value, "must be an integer, not a " + value.kind());
    }

    private static TorrentRefusedException invalid(String field, Bencode at, String detail) {
        return new TorrentRefusedException(Refusal.INVALID, field, at.start(), detail);
    }

    private static InfoHash sha1(byte[] bytes, int start, int end) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(bytes, start, end - start);
            return new InfoHash(HexFormat.of().formatHex(sha1.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }
}

package dev.cloudget.contracts.source;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a magnet link ({@code magnet:?xt=urn:btih:<40 hex or 32 base32>&dn=…&tr=…&ws=…}) into a
 * {@link MagnetSource}. Validation only: both the protocol conversion and the seed parser accept magnets, and
 * both must read one the same way. Trackers must be {@code http}, {@code https} or {@code udp} URLs; duplicates
 * go. A v2-only magnet ({@code urn:btmh:}) is refused: the engines download through the v1 info-hash.
 */
public final class MagnetLinks {

    /** Longer magnets are refused rather than read: no real one comes close. */
    public static final int MAX_LENGTH = 8192;
    private static final Set<String> TRACKER_SCHEMES = Set.of("http", "https", "udp");
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private MagnetLinks() {
    }

    public static boolean isMagnet(String link) {
        return link != null && link.regionMatches(true, 0, "magnet:", 0, 7);
    }

    /** @throws IllegalArgumentException with a message fit for the user when the link is not a usable magnet */
    public static MagnetSource parse(String link) {
        if (!isMagnet(link)) {
            throw new IllegalArgumentException("not a magnet link");
        }
        if (link.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("magnet link longer than " + MAX_LENGTH + " characters");
        }
        String query = link.substring(7);
        if (query.startsWith("?")) {
            query = query.substring(1);
        }
        InfoHash infoHash = null;
        String name = null;
        Set<URI> trackers = new LinkedHashSet<>();
        Set<URI> webSeeds = new LinkedHashSet<>();
        boolean v2Only = false;
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            // clients number repeated parameters: xt.1, tr.2
            int dot = key.indexOf('.');
            if (dot > 0) {
                key = key.substring(0, dot);
            }
            switch (key) {
                case "xt" -> {
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("urn:btih:")) {
                        InfoHash read = infoHash(value.substring(9));
                        if (infoHash != null && !infoHash.equals(read)) {
                            throw new IllegalArgumentException("magnet link names two different info-hashes");
                        }
                        infoHash = read;
                    } else if (lower.startsWith("urn:btmh:")) {
                        v2Only = true;
                    }
                }
                case "dn" -> name = value.isBlank() ? null : value.strip();
                case "tr" -> trackers.add(url(value, TRACKER_SCHEMES, "tracker"));
                case "ws" -> webSeeds.add(url(value, HttpSource.SCHEMES, "web seed"));
                default -> {
                    // xl, as, xs, x.pe, so, kt…: not needed to find the torrent
                }
            }
        }
        if (infoHash == null) {
            throw new IllegalArgumentException(v2Only
                    ? "magnet link has only a BitTorrent v2 hash (urn:btmh); a v1 info-hash (urn:btih) is needed"
                    : "magnet link has no info-hash (xt=urn:btih:…)");
        }
        if (trackers.size() > MagnetSource.MAX_TRACKERS || webSeeds.size() > MagnetSource.MAX_TRACKERS) {
            throw new IllegalArgumentException("magnet link names more than " + MagnetSource.MAX_TRACKERS
                    + " trackers or web seeds");
        }
        return new MagnetSource(infoHash, name, new ArrayList<>(trackers), new ArrayList<>(webSeeds),
                FileSelection.ALL);
    }

    /** 40 hex digits, or the 32-character base32 form some clients write. */
    static InfoHash infoHash(String text) {
        String value = text.strip();
        if (value.length() == 40) {
            return new InfoHash(value);
        }
        if (value.length() == 32) {
            return new InfoHash(HexFormat.of().formatHex(base32(value.toUpperCase(Locale.ROOT))));
        }
        throw new IllegalArgumentException("magnet info-hash must be 40 hex or 32 base32 characters");
    }

    private static byte[] base32(String text) {
        byte[] out = new byte[20];
        long buffer = 0;
        int bits = 0;
        int at = 0;
        for (char c : text.toCharArray()) {
            int value = BASE32.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("magnet info-hash is not valid base32");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out[at++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    private static URI url(String value, Set<String> schemes, String what) {
        try {
            URI uri = new URI(value.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!schemes.contains(scheme) || uri.getHost() == null || uri.getHost().isEmpty()) {
                throw new IllegalArgumentException("magnet " + what + " must be a " + String.join("/", schemes)
                        + " URL with a host: " + value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("magnet " + what + " is not a valid URL: " + value);
        }
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("magnet link has a malformed %-escape");
        }
    }
}

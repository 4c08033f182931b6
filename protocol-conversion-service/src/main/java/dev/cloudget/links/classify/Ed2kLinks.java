package dev.cloudget.links.classify;

import dev.cloudget.contracts.source.Ed2kHash;
import dev.cloudget.contracts.source.Ed2kSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an eMule file link, {@code ed2k://|file|<name>|<size>|<MD4 hex>|[h=<AICH>|][s=<http url>|…][p=<part
 * hashes>|]/}, perhaps followed by {@code |sources,<ip:port>,…|/}, into an {@link Ed2kSource}.
 *
 * <p>Part hashes ({@code p=}) are dropped: the engine hashes the parts it downloads itself. eMule peer sources
 * ({@code |sources,…|/}) are dropped too: they are addresses of peers at the time the link was written, and the
 * engine finds current peers through servers and Kad. Other {@code key=value} parts are ignored, as eMule does.
 */
final class Ed2kLinks {

    /** More HTTP sources than any real link carries. */
    static final int MAX_HTTP_SOURCES = 64;

    private static final String PREFIX = "ed2k://|";
    private static final String END = "/";
    private static final Pattern SIZE = Pattern.compile("[0-9]{1,19}");
    private static final Pattern AICH = Pattern.compile("[A-Z2-7]{32}");
    /** eMule link types that name servers, server lists, Kad nodes or contacts rather than a file. */
    private static final Set<String> NOT_FILES = Set.of("server", "serverlist", "nodeslist", "friend", "search");

    private Ed2kLinks() {
    }

    /**
     * @param link a link whose scheme is {@code ed2k} in any case
     * @throws LinkRejected {@code unsupported-source} for a server or other non-file link, {@code invalid-link}
     *                      when the link is malformed or its file name is unsafe
     */
    static Ed2kSource parse(String link) {
        if (!link.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw LinkRejected.invalid("An ed2k link starts with ed2k://| as in ed2k://|file|name|size|hash|/");
        }
        String[] parts = link.substring(PREFIX.length()).split("\\|", -1);
        String type = parts[0].toLowerCase(Locale.ROOT);
        if (NOT_FILES.contains(type)) {
            throw LinkRejected.unsupportedSource("ed2k://|" + type + "| links add eMule servers or contacts, "
                    + "they do not name a file; paste an ed2k://|file|…|/ link");
        }
        if (!type.equals("file")) {
            throw LinkRejected.invalid("Unknown kind of ed2k link; expected ed2k://|file|name|size|hash|/");
        }
        if (parts.length < 5) {
            throw LinkRejected.invalid("The ed2k link is incomplete; expected ed2k://|file|name|size|hash|/");
        }
        String name = fileName(parts[1]);
        long size = size(parts[2]);
        Ed2kHash hash = hash(parts[3]);

        String aich = null;
        Set<URI> httpSources = new LinkedHashSet<>();
        int at = 4;
        for (; at < parts.length && !parts[at].equals(END); at++) {
            String part = parts[at];
            if (part.regionMatches(true, 0, "h=", 0, 2)) {
                String read = aich(part.substring(2));
                if (aich != null && !aich.equals(read)) {
                    throw LinkRejected.invalid("The ed2k link names two different AICH hashes (h=)");
                }
                aich = read;
            } else if (part.regionMatches(true, 0, "s=", 0, 2)) {
                httpSources.add(httpSource(part.substring(2)));
                if (httpSources.size() > MAX_HTTP_SOURCES) {
                    throw LinkRejected.invalid("The ed2k link names more than " + MAX_HTTP_SOURCES
                            + " HTTP sources (s=)");
                }
            }
        }
        if (at == parts.length) {
            throw LinkRejected.invalid("The ed2k link does not end with |/");
        }
        for (at++; at < parts.length; at += 2) {
            boolean sources = parts[at].regionMatches(true, 0, "sources,", 0, 8)
                    && at + 1 < parts.length && parts[at + 1].equals(END);
            if (!sources) {
                throw LinkRejected.invalid("Unexpected text after the end (|/) of the ed2k link");
            }
        }
        return new Ed2kSource(hash, size, name, aich, new ArrayList<>(httpSources));
    }

    /** UTF-8, %-escaped or not; refused when it could name another place than one file in one folder. */
    private static String fileName(String encoded) {
        String name;
        try {
            name = Bytes.decode(Bytes.percentDecode(encoded), StandardCharsets.UTF_8).orElseThrow(
                    () -> LinkRejected.invalid("The file name in the ed2k link is not UTF-8"));
        } catch (IllegalArgumentException e) {
            throw LinkRejected.invalid("The file name in the ed2k link has a malformed %-escape");
        }
        if (name.isBlank()) {
            throw LinkRejected.invalid("The ed2k link has no file name");
        }
        if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0) {
            throw LinkRejected.invalid("The file name in the ed2k link contains a path separator (/ or \\)");
        }
        if (name.codePoints().anyMatch(Ed2kLinks::isControl)) {
            throw LinkRejected.invalid("The file name in the ed2k link contains control or text-direction characters");
        }
        if (name.chars().allMatch(c -> c == '.')) {
            throw LinkRejected.invalid("The file name in the ed2k link is '" + name + "', which is not a file name");
        }
        return name;
    }

    /** C0, DEL, C1, and the bidirectional overrides that make {@code exe.txt} display as {@code txt.exe}. */
    private static boolean isControl(int c) {
        return Character.getType(c) == Character.CONTROL
                || c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069;
    }

    private static long size(String text) {
        if (SIZE.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                // 19 digits beyond Long.MAX_VALUE: refused below
            }
        }
        throw LinkRejected.invalid("The file size in the ed2k link is not a number of bytes");
    }

    private static Ed2kHash hash(String text) {
        try {
            return new Ed2kHash(text);
        } catch (IllegalArgumentException e) {
            throw LinkRejected.invalid("The hash in the ed2k link must be 32 hex digits");
        }
    }

    /** The AICH root hash, a SHA-1 in base32, kept as written but in upper case. */
    private static String aich(String text) {
        String value = text.toUpperCase(Locale.ROOT);
        if (!AICH.matcher(value).matches()) {
            throw LinkRejected.invalid("The AICH hash (h=) in the ed2k link must be 32 base32 characters");
        }
        return value;
    }

    /** An http(s) mirror of the same bytes, normalised as a pasted link would be. */
    private static URI httpSource(String text) {
        String url = text;
        if (!url.contains("://") && url.indexOf('%') >= 0) {
            // written %-escaped, as in s=http%3A%2F%2Fhost%2Ffile
            try {
                url = Bytes.decode(Bytes.percentDecode(url), StandardCharsets.UTF_8).orElse(url);
            } catch (IllegalArgumentException e) {
                throw LinkRejected.invalid("The HTTP source (s=) in the ed2k link has a malformed %-escape");
            }
        }
        url = url.strip();
        int colon = url.indexOf(':');
        String scheme = colon < 0 ? "" : url.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw LinkRejected.invalid("The HTTP source (s=) in the ed2k link must be an http or https URL");
        }
        try {
            return UrlNormaliser.normalise(url);
        } catch (LinkRejected e) {
            throw e.within("The HTTP source (s=) in the ed2k link is not usable");
        }
    }
}

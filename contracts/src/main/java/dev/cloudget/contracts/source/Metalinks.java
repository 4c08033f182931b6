package dev.cloudget.contracts.source;

import dev.cloudget.contracts.ContentHash;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a Metalink document: RFC 5854 ({@code .meta4}, namespace {@code urn:ietf:params:xml:ns:metalink}) or the
 * older Metalink 3 ({@code .metalink}, {@code http://www.metalinker.org/}), as aria2 does. Of each file it keeps the
 * name, size, SHA-256, piece hashes and its http, https and ftp URLs by priority; other URLs (a {@code metaurl} to a
 * torrent, an rsync mirror) are left out. The document is untrusted: no DTD or external entity is read, and its size,
 * files, URLs and names are bounded; a name that could leave the download's directory is refused.
 */
public final class Metalinks {

    public static final String MEDIA_TYPE = "application/metalink4+xml";
    public static final String MEDIA_TYPE_V3 = "application/metalink+xml";
    public static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
    public static final int MAX_FILES = 1_000;
    public static final int MAX_URLS = 64;
    private static final int MAX_NAME = 1_024;
    /**
     * Piece hashes travel with the job through Kafka (messages of at most 1 MiB): beyond this many hex digits in
     * one document, further files keep only their whole-file hash.
     */
    static final int MAX_PIECE_DIGITS = 512 * 1024;
    /** Metalink 3 writes hash names without the dash. */
    private static final Map<String, String> V3_HASHES = Map.of("sha1", "sha-1", "sha256", "sha-256",
            "sha512", "sha-512", "sha384", "sha-384", "sha224", "sha-224", "md5", "md5");

    private Metalinks() {
    }

    /** Whether a path or media type names a Metalink document. */
    public static boolean isMetalink(String pathOrMediaType) {
        String lower = pathOrMediaType.toLowerCase(Locale.ROOT);
        return lower.endsWith(".meta4") || lower.endsWith(".metalink") || lower.startsWith(MEDIA_TYPE)
                || lower.startsWith(MEDIA_TYPE_V3);
    }

    /**
     * The files the document describes.
     *
     * @throws IllegalArgumentException saying what is wrong with the document
     */
    public static List<MetalinkFile> parse(byte[] document) {
        if (document.length > MAX_DOCUMENT_BYTES) {
            throw new IllegalArgumentException("Metalink document larger than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        // the JDK's own reader, whatever else the classpath brings (Woodstox reads the properties differently)
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        try {
            XMLStreamReader xml = factory.createXMLStreamReader(new ByteArrayInputStream(document));
            try {
                return new Reader(xml).read();
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            throw new IllegalArgumentException("not a well-formed Metalink document: " + e.getMessage(), e);
        }
    }

    /** One pass over the document, file by file. */
    private static final class Reader {

        private final XMLStreamReader xml;
        private final List<MetalinkFile> files = new ArrayList<>();
        private final Set<String> names = new HashSet<>();
        private long pieceDigits;

        Reader(XMLStreamReader xml) {
            this.xml = xml;
        }

        List<MetalinkFile> read() throws XMLStreamException {
            xml.nextTag();
            if (!xml.getLocalName().equals("metalink")) {
                throw new IllegalArgumentException("not a Metalink document: its root is <" + xml.getLocalName() + ">");
            }
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("file")) {
                    if (files.size() == MAX_FILES) {
                        throw new IllegalArgumentException("Metalink describes more than " + MAX_FILES + " files");
                    }
                    files.add(file());
                }
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("Metalink describes no file");
            }
            return files;
        }

        /** A {@code <file>} element, read to its end. */
        private MetalinkFile file() throws XMLStreamException {
            String name = safeName(xml.getAttributeValue(null, "name"));
            if (!names.add(name)) {
                throw new IllegalArgumentException("Metalink names file " + name + " twice");
            }
            long size = -1;
            ContentHash sha256 = null;
            PieceHashes pieces = null;
            List<Ranked> urls = new ArrayList<>();
            int depth = 1;
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    continue;
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                switch (xml.getLocalName()) {
                    case "size" -> size = size(xml.getElementText());
                    case "hash" -> {
                        String type = hashName(xml.getAttributeValue(null, "type"));
                        String value = xml.getElementText().strip();
                        if (type.equals("sha-256")) {
                            sha256 = hash(value, name);
                        }
                    }
                    case "pieces" -> pieces = pieces(name);
                    case "url" -> {
                        if (urls.size() == MAX_URLS) {
                            throw new IllegalArgumentException("file " + name + " has more than " + MAX_URLS + " URLs");
                        }
                        Ranked url = url();
                        if (url != null) {
                            urls.add(url);
                        }
                    }
                    // verification, resources (Metalink 3) hold the elements above; anything else is skipped whole
                    case "verification", "resources" -> depth++;
                    default -> skip();
                }
            }
            urls.sort(Comparator.comparingInt(Ranked::rank));
            if (pieces != null) {
                pieceDigits += (long) pieces.hashes().size() * pieces.hashes().getFirst().length();
                if (pieceDigits > MAX_PIECE_DIGITS) {
                    pieces = null;
                }
            }
            try {
                return new MetalinkFile(name, size, sha256, pieces, urls.stream().map(Ranked::url).toList());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Metalink " + e.getMessage(), e);
            }
        }

        /** A {@code <pieces>} element: its hashes in order (Metalink 3 numbers them). */
        private PieceHashes pieces(String file) throws XMLStreamException {
            String type = hashName(xml.getAttributeValue(null, "type"));
            long length = size(xml.getAttributeValue(null, "length"));
            List<String> hashes = new ArrayList<>();
            while (xml.nextTag() == XMLStreamConstants.START_ELEMENT) {
                if (hashes.size() == PieceHashes.MAX_PIECES) {
                    throw new IllegalArgumentException("file " + file + " has more than " + PieceHashes.MAX_PIECES
                            + " pieces");
                }
                hashes.add(xml.getElementText());
            }
            try {
                return new PieceHashes(type, length, hashes);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("file " + file + ": " + e.getMessage(), e);
            }
        }

        /** A {@code <url>}: kept with its rank when http, https or ftp. */
        private Ranked url() throws XMLStreamException {
            String priority = xml.getAttributeValue(null, "priority");
            String preference = xml.getAttributeValue(null, "preference");
            String text = xml.getElementText().strip();
            int rank;
            try {
                // RFC 5854: priority 1 is the highest; Metalink 3: preference 100 is the highest
                rank = priority != null ? Integer.parseInt(priority.strip())
                        : preference != null ? 1000 - Integer.parseInt(preference.strip()) : 999_999;
            } catch (NumberFormatException e) {
                rank = 999_999;
            }
            try {
                URI url = new URI(text);
                if (url.getScheme() == null || url.getHost() == null
                        || !HttpSource.SCHEMES.contains(url.getScheme().toLowerCase(Locale.ROOT))) {
                    return null;
                }
                return new Ranked(url, rank);
            } catch (URISyntaxException e) {
                return null;
            }
        }

        private void skip() throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int event = xml.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                }
            }
        }
    }

    private record Ranked(URI url, int rank) {
    }

    /** A relative path that stays inside the download: no absolute path, no {@code ..}, no empty segment. */
    static String safeName(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Metalink has a file without a name");
        }
        if (name.length() > MAX_NAME || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')
                || name.startsWith("/")) {
            throw new IllegalArgumentException("Metalink file name not allowed: " + shorten(name));
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("Metalink file name not allowed: " + shorten(name));
            }
        }
        return name;
    }

    private static String hashName(String type) {
        String lower = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
        return V3_HASHES.getOrDefault(lower, lower);
    }

    private static ContentHash hash(String hex, String file) {
        try {
            return new ContentHash(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("file " + file + " has a malformed sha-256 hash", e);
        }
    }

    private static long size(String text) {
        try {
            long size = Long.parseLong(text == null ? "" : text.strip());
            if (size < 0) {
                throw new IllegalArgumentException("Metalink size must not be negative: " + size);
            }
            return size;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Metalink size is not a number: " + shorten(String.valueOf(text)), e);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "…";
    }
}

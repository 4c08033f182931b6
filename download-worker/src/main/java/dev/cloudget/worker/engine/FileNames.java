package dev.cloudget.worker.engine;

import org.springframework.http.ContentDisposition;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * File names taken from what an origin says: never a path, never a control character, never a name
 * Windows refuses, at most 255 UTF-8 bytes. Clients save files under these names.
 */
public final class FileNames {

    public static final String FALLBACK = "download";

    private static final Pattern FORBIDDEN = Pattern.compile("[\\p{Cntrl}<>:\"/\\\\|?*\\u2028\\u2029\\u200e\\u200f\\u202a-\\u202e]");
    private static final Set<String> WINDOWS_RESERVED = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");
    private static final int MAX_BYTES = 255;

    private FileNames() {
    }

    /**
     * The name to store a download under: the Content-Disposition file name, else the last non-empty URL
     * path segment (already percent-decoded), else {@value #FALLBACK}.
     */
    public static String choose(String contentDisposition, List<String> decodedPathSegments) {
        String fromHeader = sanitise(fileNameOf(contentDisposition));
        if (fromHeader != null) {
            return fromHeader;
        }
        for (int i = decodedPathSegments.size() - 1; i >= 0; i--) {
            String segment = decodedPathSegments.get(i);
            if (!segment.isEmpty()) {
                String fromPath = sanitise(segment);
                return fromPath != null ? fromPath : FALLBACK;
            }
        }
        return FALLBACK;
    }

    /** A safe file name made of {@code raw}, or null when nothing usable is left. */
    public static String sanitise(String raw) {
        if (raw == null) {
            return null;
        }
        String name = raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        name = FORBIDDEN.matcher(name).replaceAll("_").strip();
        // leading dots would hide the file; trailing dots and spaces are dropped by Windows
        name = name.replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        if (name.isEmpty() || name.replace("_", "").isEmpty()) {
            return null;
        }
        String stem = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        if (WINDOWS_RESERVED.contains(stem.toLowerCase(Locale.ROOT))) {
            name = "_" + name;
        }
        return truncate(name);
    }

    private static String fileNameOf(String contentDisposition) {
        if (contentDisposition == null || contentDisposition.isBlank()) {
            return null;
        }
        try {
            return ContentDisposition.parse(contentDisposition).getFilename();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Cuts to {@value #MAX_BYTES} UTF-8 bytes on a code point boundary, keeping a short extension. */
    private static String truncate(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String stem = extension.isEmpty() ? name : name.substring(0, dot);
        int budget = MAX_BYTES - extension.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder kept = new StringBuilder();
        int used = 0;
        for (int i = 0; i < stem.length(); ) {
            int codePoint = stem.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > budget) {
                break;
            }
            kept.appendCodePoint(codePoint);
            used += size;
            i += Character.charCount(codePoint);
        }
        return kept + extension;
    }
}

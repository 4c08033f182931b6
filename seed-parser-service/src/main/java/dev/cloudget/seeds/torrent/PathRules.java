package dev.cloudget.seeds.torrent;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a file name in a torrent may be. A worker writes every file of a torrent under its scratch directory and a
 * user saves them on any operating system, so a name must stay a plain relative name everywhere: no traversal
 * ({@code ..}, {@code .}), no empty component (an absolute path is one), no separator or drive letter inside a
 * component, no control character, no Windows device name (which opens a device, whatever the extension), and
 * within the usual file system lengths.
 */
final class PathRules {

    /** Bytes of UTF-8 in one component (ext4, NTFS, APFS all stop near 255). */
    static final int MAX_COMPONENT_BYTES = 255;
    /** Bytes of UTF-8 in a whole path, the torrent's name included (Linux PATH_MAX). */
    static final int MAX_PATH_BYTES = 4096;

    private static final Set<String> DEVICE_NAMES = Set.of("CON", "PRN", "AUX", "NUL",
            "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³");

    private PathRules() {
    }

    /**
     * Why {@code component} is unsafe, or empty when it is safe. {@code component} is the decoded text, or for
     * bytes that are not UTF-8 their ISO-8859-1 reading (one char per byte), which keeps every ASCII rule exact.
     */
    static Optional<String> unsafeComponent(String component, int utf8Bytes) {
        if (component.isEmpty()) {
            return Optional.of("empty path component (an absolute path or a doubled separator)");
        }
        if (component.equals(".") || component.equals("..")) {
            return Optional.of("path component '" + component + "' (directory traversal)");
        }
        if (utf8Bytes > MAX_COMPONENT_BYTES) {
            return Optional.of("path component of " + utf8Bytes + " bytes (at most " + MAX_COMPONENT_BYTES + ")");
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of("path separator '" + c + "' inside a path component");
            }
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(c == 0 ? "NUL byte in a path component"
                        : "control character 0x%02x in a path component".formatted((int) c));
            }
        }
        if (component.length() >= 2 && component.charAt(1) == ':' && isAsciiLetter(component.charAt(0))) {
            return Optional.of("drive letter in path component '" + component + "'");
        }
        String base = component;
        int dot = base.indexOf('.');
        if (dot >= 0) {
            base = base.substring(0, dot);
        }
        // Windows ignores trailing spaces here too: "CON .txt" is still the console
        base = base.stripTrailing().toUpperCase(Locale.ROOT);
        if (DEVICE_NAMES.contains(base)) {
            return Optional.of("Windows device name '" + component + "'");
        }
        return Optional.empty();
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}

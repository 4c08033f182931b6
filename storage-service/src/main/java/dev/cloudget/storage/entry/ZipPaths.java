package dev.cloudget.storage.entry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Paths of files inside a ZIP. They come from torrents and URLs, so they are hostile until cleaned: an unzip tool
 * must not be led outside its target folder (absolute paths, {@code ..}, drive letters, backslashes) nor be handed
 * control characters; and no two members may share a path.
 */
final class ZipPaths {

    private static final String FALLBACK = "file";

    private ZipPaths() {
    }

    /** A relative path of plain segments, separated by '/', with no dot-segments or control characters. */
    static String clean(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.replace('\\', '/').split("/")) {
            StringBuilder clean = new StringBuilder(segment.length());
            segment.codePoints()
                    .filter(c -> c >= 0x20 && c != 0x7f && !(c >= 0x80 && c < 0xa0) && c != ':')
                    .forEach(clean::appendCodePoint);
            String kept = clean.toString().strip();
            if (!kept.isEmpty() && !kept.chars().allMatch(c -> c == '.')) {
                segments.add(kept);
            }
        }
        return segments.isEmpty() ? FALLBACK : String.join("/", segments);
    }

    /** {@code paths} (cleaned) with " (2)", " (3)"… before the extension of each repeat, in their order. */
    static List<String> unique(List<String> paths) {
        Set<String> taken = new HashSet<>();
        List<String> unique = new ArrayList<>(paths.size());
        for (String path : paths) {
            String candidate = path;
            for (int n = 2; !taken.add(candidate.toLowerCase()); n++) {
                int slash = path.lastIndexOf('/');
                int dot = path.lastIndexOf('.');
                int cut = dot > slash + 1 ? dot : path.length();
                candidate = path.substring(0, cut) + " (" + n + ")" + path.substring(cut);
            }
            unique.add(candidate);
        }
        return unique;
    }
}

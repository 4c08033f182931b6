package dev.cloudget.contracts.source;

import dev.cloudget.contracts.ContentHash;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Metalink (RFC 5854 {@code .meta4}, or the older {@code .metalink}): either linked — the worker fetches and reads
 * the {@code document} — or uploaded, its {@code files} read by task-management already. A single file whose SHA-256
 * the document gives is known by that hash ({@code sha256:<hex>}), so content anyone stored is answered at once,
 * whatever its URLs; otherwise a linked document is known by its URL and an uploaded one by a digest of what it says.
 */
public record MetalinkSource(URI document, List<MetalinkFile> files) implements Source {

    public MetalinkSource {
        if ((document == null) == (files == null || files.isEmpty())) {
            throw new IllegalArgumentException("a Metalink is either linked (its document URL) or read (its files)");
        }
        files = files == null ? List.of() : List.copyOf(files);
    }

    public static MetalinkSource linked(URI document) {
        return new MetalinkSource(document, null);
    }

    public static MetalinkSource read(List<MetalinkFile> files) {
        return new MetalinkSource(null, files);
    }

    @Override
    public SourceKey key() {
        if (document != null) {
            return new SourceKey(document.toString());
        }
        if (files.size() == 1 && files.getFirst().sha256() != null) {
            return sha256Key(files.getFirst().sha256());
        }
        StringBuilder canonical = new StringBuilder();
        for (MetalinkFile file : files) {
            canonical.append(file.name()).append('\n').append(file.size()).append('\n').append(file.sha256())
                    .append('\n').append(file.urls()).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return new SourceKey("metalink:" + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }

    /** {@code sha256:<hex>}: content known by its SHA-256, wherever it came from. */
    public static SourceKey sha256Key(ContentHash sha256) {
        return new SourceKey("sha256:" + sha256.hex());
    }
}

package dev.cloudget.contracts.source;

import dev.cloudget.contracts.ContentHash;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One file a Metalink describes: where it goes inside the download, its size and hashes where given, and every URL
 * that serves it, most preferred first.
 *
 * @param size   in bytes, or -1 when the document does not say
 * @param sha256 the whole file's SHA-256, or null
 * @param pieces the pieces' hashes, or null
 */
public record MetalinkFile(String name, long size, ContentHash sha256, PieceHashes pieces, List<URI> urls) {

    public MetalinkFile {
        Objects.requireNonNull(name, "name");
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("file " + name + " has no http, https or ftp URL");
        }
        if (pieces != null && size >= 0 && !pieces.fits(size)) {
            throw new IllegalArgumentException("file " + name + " has " + pieces.hashes().size() + " pieces of "
                    + pieces.length() + " bytes, which does not make " + size + " bytes");
        }
    }

    /** The file's first URL with the rest as its mirrors. */
    public HttpSource asHttpSource() {
        return new HttpSource(urls.getFirst(), urls.subList(1, urls.size()));
    }
}

package dev.cloudget.contracts.source;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An eMule link ({@code ed2k://|file|name|size|hash|…|/}): the file's eD2k hash and size, its name, its AICH
 * root hash ({@code h=}, or null) and HTTP sources ({@code s=}) that serve the same bytes.
 */
public record Ed2kSource(Ed2kHash hash, long size, String name, String aich, List<URI> httpSources)
        implements Source {

    public Ed2kSource {
        Objects.requireNonNull(hash, "hash");
        if (size < 0) {
            throw new IllegalArgumentException("ed2k file size must not be negative: " + size);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("ed2k link has no file name");
        }
        httpSources = httpSources == null ? List.of() : List.copyOf(httpSources);
    }

    /** {@code ed2k:<hex>}: the content is known by its hash, wherever it came from. */
    @Override
    public SourceKey key() {
        return hash.key();
    }
}

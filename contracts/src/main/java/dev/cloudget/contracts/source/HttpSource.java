package dev.cloudget.contracts.source;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An HTTP(S) or FTP link, already normalised by protocol-conversion, with optional mirrors of the
 * same bytes, and — when cloudget stores what the link served but its freshness ran out — that
 * {@link StoredCopy}, for the worker to revalidate instead of fetching blindly. The key is the link alone.
 */
public record HttpSource(URI url, List<URI> mirrors, StoredCopy storedCopy) implements Source {

    public static final Set<String> SCHEMES = Set.of("http", "https", "ftp");

    public HttpSource {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("not an http, https or ftp URL: " + url);
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new IllegalArgumentException("URL has no host: " + url);
        }
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    }

    public HttpSource(URI url, List<URI> mirrors) {
        this(url, mirrors, null);
    }

    public HttpSource(URI url) {
        this(url, List.of());
    }

    /** The same link, to be revalidated against {@code copy}. */
    public HttpSource revalidating(StoredCopy copy) {
        return new HttpSource(url, mirrors, copy);
    }

    @Override
    public SourceKey key() {
        return new SourceKey(url.toString());
    }
}

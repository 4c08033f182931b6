package dev.cloudget.contracts.source;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * An HTTP(S) or FTP link, already normalised by protocol-conversion, with optional mirrors of the
 * same bytes.
 */
public record HttpSource(URI url, List<URI> mirrors) implements Source {

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

    public HttpSource(URI url) {
        this(url, List.of());
    }

    @Override
    public SourceKey key() {
        return new SourceKey(url.toString());
    }
}

package dev.cloudget.tasks.content;

import dev.cloudget.contracts.source.Ed2kSource;
import dev.cloudget.contracts.source.MetalinkFile;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.worker.SourceReport;
import dev.cloudget.tasks.content.persistence.ResourceIndexStore;
import org.springframework.stereotype.Service;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The resource index (patent [0039], [0062]): learnt from completed jobs, it knows for a content hash every URL seen
 * serving those bytes, and the URLs seen serving other bytes than the hash promised. A job for content named by its
 * hash — a Metalink file with a SHA-256, an eD2k link — is handed every known good URL besides its own, and none known
 * bad: the worker pulls from all of them at once and checks the bytes against the hash, so a wrong entry costs a
 * dropped source, never a wrong file. A plain link is not given mirrors from here: what it serves may have changed.
 */
@Service
public class ResourceIndex {

    /** Known URLs added to a job's own, at most. */
    static final int KNOWN_SOURCES = 8;

    private final ResourceIndexStore store;
    private final Clock clock;

    ResourceIndex(ResourceIndexStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public void learn(List<SourceReport> reports) {
        if (!reports.isEmpty()) {
            store.learn(reports, clock.instant());
        }
    }

    /** {@code source} with the URLs known to serve its content added, and those known to serve other bytes removed. */
    public Source withKnownSources(Source source) {
        return switch (source) {
            case MetalinkSource metalink when metalink.document() == null ->
                    MetalinkSource.read(metalink.files().stream().map(this::withKnownSources).toList());
            case Ed2kSource ed2k -> new Ed2kSource(ed2k.hash(), ed2k.size(), ed2k.name(), ed2k.aich(),
                    known(ed2k.hash().key(), ed2k.httpSources()));
            default -> source;
        };
    }

    private MetalinkFile withKnownSources(MetalinkFile file) {
        if (file.sha256() == null) {
            return file;
        }
        List<URI> urls = known(MetalinkSource.sha256Key(file.sha256()), file.urls());
        return urls.isEmpty() ? file : new MetalinkFile(file.name(), file.size(), file.sha256(), file.pieces(), urls);
    }

    /** {@code own} in its order without the known bad, then the known good it lacks. */
    private List<URI> known(SourceKey content, List<URI> own) {
        Set<URI> bad = Set.copyOf(store.bad(content));
        Set<URI> urls = new LinkedHashSet<>();
        own.stream().filter(url -> !bad.contains(url)).forEach(urls::add);
        urls.addAll(store.good(content, KNOWN_SOURCES));
        return new ArrayList<>(urls);
    }
}

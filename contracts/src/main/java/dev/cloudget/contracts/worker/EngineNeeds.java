package dev.cloudget.contracts.worker;

import dev.cloudget.contracts.source.BitTorrentSource;
import dev.cloudget.contracts.source.Ed2kSource;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.MetalinkFile;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.Source;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The engines a job's source can be fetched with, as far as the source tells before anything is fetched: for each
 * file it names, the engines of that file's URLs, any one of which fetches the file. A worker meets the needs when it
 * runs, for every file, one of that file's engines; it then leaves out the URLs whose engine it does not run (a link's
 * FTP mirror on a worker without FTP). Task-distribution places a job only on a worker that meets its needs, and a
 * worker refuses an assignment whose needs it does not meet.
 * <p>
 * A file with no URL an engine fetches (an eD2k link without {@code s=} sources) needs nothing: whichever worker takes
 * it fails it for what it is. A linked Metalink needs the engine of its document; its files' URLs are learnt only when
 * the worker reads it.
 *
 * @param files for each file, the engines any one of which fetches it; never an empty set
 */
public record EngineNeeds(List<Set<Engine>> files) {

    /** Fetched by any worker. */
    public static final EngineNeeds NONE = new EngineNeeds(List.of());

    public EngineNeeds {
        files = files.stream().map(Engine::setOf).filter(engines -> !engines.isEmpty()).distinct().toList();
    }

    public static EngineNeeds of(Source source) {
        return switch (source) {
            case HttpSource http -> {
                List<URI> urls = new ArrayList<>();
                urls.add(http.url());
                urls.addAll(http.mirrors());
                yield new EngineNeeds(List.of(enginesOf(urls)));
            }
            case Ed2kSource ed2k -> new EngineNeeds(List.of(enginesOf(ed2k.httpSources())));
            case MetalinkSource metalink -> metalink.document() != null
                    ? new EngineNeeds(List.of(enginesOf(List.of(metalink.document()))))
                    : new EngineNeeds(metalink.files().stream().map(MetalinkFile::urls).map(EngineNeeds::enginesOf)
                            .toList());
            case BitTorrentSource torrent -> new EngineNeeds(List.of(Set.of(Engine.BITTORRENT)));
        };
    }

    /** Whether a worker that runs {@code engines} can fetch every file. */
    public boolean metBy(Set<Engine> engines) {
        return files.stream().allMatch(file -> file.stream().anyMatch(engines::contains));
    }

    /** As people read it: {@code BITTORRENT}, {@code HTTP or FTP}, {@code HTTP, and FTP} (two files). */
    @Override
    public String toString() {
        if (files.isEmpty()) {
            return "no engine";
        }
        return files.stream()
                .map(file -> file.stream().map(Engine::name).collect(Collectors.joining(" or ")))
                .collect(Collectors.joining(", and "));
    }

    private static Set<Engine> enginesOf(List<URI> urls) {
        return Engine.setOf(urls.stream().map(Engine::of).flatMap(Optional::stream).toList());
    }
}

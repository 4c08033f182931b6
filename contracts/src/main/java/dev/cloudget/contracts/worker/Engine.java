package dev.cloudget.contracts.worker;

import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A way a worker fetches bytes. An operator may give a worker some engines and not others
 * ({@code cloudget.worker.engines}: a network that lets no FTP out, a host that must not join swarms), its heartbeats
 * say which it runs, and task-distribution places a job only on a worker that runs an engine its source can be
 * fetched with ({@link EngineNeeds}).
 * <p>
 * These are the worker's engines as they are, not one per kind of source: an eD2k link is fetched over the HTTP
 * sources it names ({@code s=}) — the eD2k network itself is not searched — and a Metalink over its files' http, https
 * and ftp URLs, so neither has an engine of its own.
 */
public enum Engine {

    /** {@code http} and {@code https} URLs: links and their mirrors, eD2k links' sources, Metalinks' URLs. */
    HTTP,
    /** {@code ftp} URLs, wherever a link, a mirror or a Metalink names one. */
    FTP,
    /** Torrents and magnets: trackers, peers and their web seeds. */
    BITTORRENT;

    /** Every engine, in this order: what a worker runs unless told otherwise. */
    public static final Set<Engine> ALL = Collections.unmodifiableSet(EnumSet.allOf(Engine.class));

    /** The engine that fetches {@code url}; empty for a scheme no engine fetches. */
    public static Optional<Engine> of(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return switch (scheme) {
            case "http", "https" -> Optional.of(HTTP);
            case "ftp" -> Optional.of(FTP);
            default -> Optional.empty();
        };
    }

    /**
     * {@code engines} as an unmodifiable set in the order above; null means every engine, which is what a heartbeat
     * from a worker that predates engines is taken to say (it ran them all).
     */
    public static Set<Engine> setOf(Collection<Engine> engines) {
        if (engines == null) {
            return ALL;
        }
        EnumSet<Engine> set = EnumSet.noneOf(Engine.class);
        set.addAll(engines);
        return Collections.unmodifiableSet(set);
    }
}

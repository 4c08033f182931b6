package dev.cloudget.worker.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections all downloads together hold to each host beyond their first, up to a limit per host. A host is
 * remembered only while some of its connections are held, so the map does not grow with every host ever fetched.
 */
final class HostConnections {

    private final int perHost;
    private final Map<String, Integer> held = new ConcurrentHashMap<>();

    HostConnections(int perHost) {
        this.perHost = perHost;
    }

    /** Takes up to {@code wanted} connections to {@code host}; returns how many it got (maybe 0). */
    int take(String host, int wanted) {
        int[] granted = {0};
        held.compute(host, (key, now) -> {
            int current = now == null ? 0 : now;
            granted[0] = Math.max(0, Math.min(wanted, perHost - current));
            int after = current + granted[0];
            return after == 0 ? null : after;
        });
        return granted[0];
    }

    /** Gives back {@code count} connections taken for {@code host}. */
    void giveBack(String host, int count) {
        if (count > 0) {
            held.computeIfPresent(host, (key, now) -> now - count <= 0 ? null : now - count);
        }
    }

    /** How many connections to {@code host} are held now. */
    int heldFor(String host) {
        return held.getOrDefault(host, 0);
    }
}

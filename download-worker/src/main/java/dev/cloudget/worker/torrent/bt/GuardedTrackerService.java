package dev.cloudget.worker.torrent.bt;

import bt.metainfo.TorrentId;
import bt.module.TrackerFactories;
import bt.service.IRuntimeLifecycleBinder;
import bt.tracker.AnnounceKey;
import bt.tracker.Tracker;
import bt.tracker.TrackerFactory;
import bt.tracker.TrackerRequestBuilder;
import bt.tracker.TrackerResponse;
import bt.tracker.TrackerService;
import com.google.inject.Inject;
import dev.cloudget.platform.guard.BlockedAddressException;
import dev.cloudget.platform.guard.DestinationGuard;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Trackers under the destination guard. A subclass, not a decorator: bt's MultiTracker calls back into the
 * service that made it for every URL of an announce list, so only a subclass sees them all. The host is
 * checked again before every announce, since the HTTP tracker client resolves it anew each time. Trackers are
 * closed with the runtime: bt leaves a UDP tracker's worker thread running otherwise.
 */
final class GuardedTrackerService extends TrackerService {

    private final DestinationGuard guard;
    private final Map<String, TrackerFactory> factories;
    private final Set<Tracker> opened = ConcurrentHashMap.newKeySet();

    @Inject
    GuardedTrackerService(@TrackerFactories Map<String, TrackerFactory> factories, DestinationGuard guard,
            IRuntimeLifecycleBinder lifecycle) {
        super(factories);
        this.factories = factories;
        this.guard = guard;
        lifecycle.onShutdown("Close trackers", () -> opened.forEach(tracker -> {
            try {
                tracker.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }));
    }

    /** Every URL counts as supported, so that one unusable tier does not discard a whole announce list. */
    @Override
    public boolean isSupportedProtocol(String trackerUrl) {
        return trackerUrl != null && trackerUrl.indexOf("://") > 0;
    }

    @Override
    public Tracker getTracker(AnnounceKey key) {
        return key.isMultiKey() ? super.getTracker(key) : getTracker(key.getTrackerUrl());
    }

    @Override
    public Tracker getTracker(String trackerUrl) {
        String refusal = refusal(trackerUrl);
        if (refusal != null) {
            return refusing(refusal);
        }
        Tracker real = super.getTracker(trackerUrl);
        opened.add(real);
        return new Tracker() {
            @Override
            public TrackerRequestBuilder request(TorrentId torrentId) {
                TrackerRequestBuilder announce = real.request(torrentId);
                return new TrackerRequestBuilder(torrentId) {
                    private TrackerResponse checked(Supplier<TrackerResponse> call) {
                        String now = refusal(trackerUrl);
                        if (now != null) {
                            return TrackerResponse.failure(now);
                        }
                        if (getNumWant() != null) {
                            announce.numWant(getNumWant());
                        }
                        return call.get();
                    }

                    @Override
                    public TrackerResponse start() {
                        return checked(announce::start);
                    }

                    @Override
                    public TrackerResponse stop() {
                        return checked(announce::stop);
                    }

                    @Override
                    public TrackerResponse complete() {
                        return checked(announce::complete);
                    }

                    @Override
                    public TrackerResponse query() {
                        return checked(announce::query);
                    }
                };
            }

            @Override
            public void close() throws java.io.IOException {
                real.close();
            }
        };
    }

    /** @return why the tracker may not be contacted, or null when it may */
    private String refusal(String url) {
        try {
            URI uri = URI.create(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!factories.containsKey(scheme)) {
                return "unsupported tracker scheme: " + scheme;
            }
            if (uri.getHost() == null) {
                return "tracker URL has no host: " + url;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
            guard.check(uri.getHost(), port);
            return null;
        } catch (BlockedAddressException e) {
            return "tracker " + url + " is blocked by the destination guard: " + e.getMessage();
        } catch (Exception e) {
            return "tracker " + url + " refused: " + e.getMessage();
        }
    }

    private static Tracker refusing(String reason) {
        return new Tracker() {
            @Override
            public TrackerRequestBuilder request(TorrentId torrentId) {
                return new TrackerRequestBuilder(torrentId) {
                    @Override
                    public TrackerResponse start() {
                        return TrackerResponse.failure(reason);
                    }

                    @Override
                    public TrackerResponse stop() {
                        return TrackerResponse.failure(reason);
                    }

                    @Override
                    public TrackerResponse complete() {
                        return TrackerResponse.failure(reason);
                    }

                    @Override
                    public TrackerResponse query() {
                        return TrackerResponse.failure(reason);
                    }
                };
            }

            @Override
            public void close() {
            }
        };
    }
}

package dev.cloudget.worker.torrent;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.seeds.MetadataRequested;
import dev.cloudget.worker.engine.DownloadException;
import dev.cloudget.worker.torrent.bt.Swarms;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClientException;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Resolves magnets for the seed database: fetches the metadata from the magnet's peers before the request's
 * deadline and hands the {@code info} dictionary to seed-parser-service, which validates and keeps it. When no
 * peer sends it in time the seed fails {@code metadata-timeout}; the seed database's own deadline sweeper
 * does the same should this worker die on the way.
 */
@Service
public class MagnetResolver {

    private static final Logger log = LoggerFactory.getLogger(MagnetResolver.class);
    /** Less than this left before the deadline is not worth starting a swarm for. */
    private static final Duration MINIMUM = Duration.ofSeconds(1);

    private final Swarms swarms;
    private final SeedDatabase seeds;
    private final TorrentProperties properties;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    MagnetResolver(Swarms swarms, SeedDatabase seeds, TorrentProperties properties, Clock clock) {
        this.swarms = swarms;
        this.seeds = seeds;
        this.properties = properties;
        this.clock = clock;
    }

    public void resolveLater(MetadataRequested request) {
        executor.execute(() -> resolve(request));
    }

    void resolve(MetadataRequested request) {
        Duration left = Duration.between(clock.instant(), request.deadline());
        Duration timeout = left.compareTo(properties.metadataTimeout()) < 0 ? left : properties.metadataTimeout();
        try {
            if (timeout.compareTo(MINIMUM) < 0) {
                throw new DownloadException(FailureType.METADATA_TIMEOUT, "the deadline passed before any peer was asked");
            }
            byte[] info = swarms.metadata(request.magnet(), timeout);
            seeds.resolved(request.seed(), info);
            log.info("Magnet {} resolved for seed {} ({} bytes of metadata)", request.magnet().infoHash(),
                    request.seed(), info.length);
        } catch (DownloadException e) {
            log.info("Magnet {} of seed {} not resolved: {} {}", request.magnet().infoHash(), request.seed(),
                    e.type().slug(), e.detail());
            report(request, e.type(), e.detail());
        } catch (RestClientException e) {
            log.warn("Seed database did not take the metadata of seed {}: {}", request.seed(), e.toString());
        } catch (RuntimeException e) {
            log.error("Magnet {} of seed {} failed unexpectedly", request.magnet().infoHash(), request.seed(), e);
            report(request, FailureType.INTERNAL_ERROR, "unexpected " + e.getClass().getSimpleName());
        }
    }

    private void report(MetadataRequested request, FailureType type, String detail) {
        try {
            seeds.failed(request.seed(), type, detail);
        } catch (RestClientException e) {
            // the seed database's deadline sweeper ends the seed anyway
            log.warn("Could not report the failure of seed {}: {}", request.seed(), e.toString());
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}

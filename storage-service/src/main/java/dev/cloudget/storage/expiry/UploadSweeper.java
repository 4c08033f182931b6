package dev.cloudget.storage.expiry;

import dev.cloudget.storage.StorageProperties;
import dev.cloudget.storage.content.ContentCatalog;
import dev.cloudget.storage.objects.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Removes uploads nobody registered. A worker streams each file to {@code uploads/<job>/<epoch>/<n>} and registers it
 * right after; a failed job deletes what it uploaded. What a worker that died between its upload and the
 * registration (or the deletion) left behind, nobody else would ever remove: an upload older than
 * {@code cloudget.storage.orphan-grace} that is no content's object is removed here. The grace covers the moment
 * between a finished upload and its registration, with a wide margin.
 */
@Component
public class UploadSweeper {

    private static final Logger log = LoggerFactory.getLogger(UploadSweeper.class);
    static final String UPLOADS = "uploads/";

    private final ContentCatalog catalog;
    private final ObjectStore objects;
    private final StorageProperties properties;
    private final Clock clock;

    UploadSweeper(ContentCatalog catalog, ObjectStore objects, StorageProperties properties, Clock clock) {
        this.catalog = catalog;
        this.objects = objects;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${cloudget.storage.sweep-initial-delay:PT1M}",
            fixedDelayString = "${cloudget.storage.sweep-interval:PT5M}")
    void sweepOnSchedule() {
        try {
            sweep(clock.instant().minus(properties.orphanGrace()));
        } catch (RuntimeException e) {
            log.warn("Sweep of unregistered uploads failed; the next one tries again", e);
        }
    }

    /** Removes every upload last modified before {@code cutoff} that is no content's object; returns how many. */
    public int sweep(Instant cutoff) {
        List<String> batch = new ArrayList<>();
        int[] removed = {0};
        objects.forEach(UPLOADS, object -> {
            if (object.lastModified().isBefore(cutoff)) {
                batch.add(object.key());
                if (batch.size() == properties.sweepBatch()) {
                    removed[0] += removeUnregistered(batch);
                    batch.clear();
                }
            }
        });
        removed[0] += removeUnregistered(batch);
        if (removed[0] > 0) {
            log.info("Removed {} upload(s) nobody registered (older than {})", removed[0], cutoff);
        }
        return removed[0];
    }

    private int removeUnregistered(List<String> keys) {
        Set<String> registered = catalog.registeredAmong(keys);
        int removed = 0;
        for (String key : keys) {
            if (!registered.contains(key)) {
                objects.remove(key);
                log.info("Removed unregistered upload {}", key);
                removed++;
            }
        }
        return removed;
    }
}

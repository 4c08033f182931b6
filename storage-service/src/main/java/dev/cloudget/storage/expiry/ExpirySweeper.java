package dev.cloudget.storage.expiry;

import dev.cloudget.storage.StorageProperties;
import dev.cloudget.storage.content.ContentCatalog;
import dev.cloudget.storage.content.StoredContent;
import dev.cloudget.storage.objects.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;

/**
 * Deletes content whose valid period has passed and that no live entry needs. Object stores such as
 * S3Proxy have no bucket lifecycle, and the catalogue must forget the content in step with its
 * bytes, so expiry is ours. Safe with several replicas: each row is deleted by exactly one of them.
 */
@Component
public class ExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final ContentCatalog catalog;
    private final ObjectStore objects;
    private final TransactionTemplate transactions;
    private final StorageProperties properties;
    private final Clock clock;

    ExpirySweeper(ContentCatalog catalog, ObjectStore objects, TransactionTemplate transactions,
            StorageProperties properties, Clock clock) {
        this.catalog = catalog;
        this.objects = objects;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${cloudget.storage.sweep-initial-delay:PT1M}",
            fixedDelayString = "${cloudget.storage.sweep-interval:PT5M}")
    void sweepOnSchedule() {
        try {
            sweep();
        } catch (RuntimeException e) {
            // the next run tries again; rows whose object could not be removed are still there
            log.warn("Expiry sweep failed", e);
        }
    }

    /** Sweeps one batch; returns how many contents it removed. */
    public int sweep() {
        Instant now = clock.instant();
        int removed = 0;
        for (StoredContent content : catalog.expired(now, properties.sweepBatch())) {
            // Row and object go together: if the removal fails, the delete rolls back and we retry later.
            Boolean deleted = transactions.execute(status -> {
                if (!catalog.deleteIfExpired(content, now)) {
                    return false;
                }
                objects.remove(content.objectKey());
                return true;
            });
            if (Boolean.TRUE.equals(deleted)) {
                removed++;
                log.info("Removed expired content {} ({} bytes, object {}, expired at {})",
                        content.sha256(), content.size(), content.objectKey(), content.expiresAt());
            }
        }
        if (removed > 0) {
            log.info("Expiry sweep removed {} content(s)", removed);
        }
        int forgotten = catalog.forgetRemovedEntriesBefore(now.minus(properties.removedEntryMemory()));
        if (forgotten > 0) {
            log.debug("Forgot {} entries removed with their content", forgotten);
        }
        return removed;
    }
}

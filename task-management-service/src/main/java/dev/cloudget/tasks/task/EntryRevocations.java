package dev.cloudget.tasks.task;

import dev.cloudget.tasks.remote.StorageFiles;
import dev.cloudget.tasks.remote.StorageRefusedException;
import dev.cloudget.tasks.task.persistence.RevocationStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes entry addresses back from storage-service, like an outbox: the decision is recorded in the
 * transaction that makes it (a cancel, a finisher whose task was settled otherwise while it minted),
 * the remote calls come after the commit, outside every lock, and a schedule revokes whatever storage
 * did not confirm, so an entry of a cancelled task never stays claimable while storage was down.
 */
@Component
public class EntryRevocations {

    private static final Logger log = LoggerFactory.getLogger(EntryRevocations.class);
    private static final int BATCH = 100;

    private final RevocationStore store;
    private final StorageFiles storage;
    private final Clock clock;
    /** Logging once per outage, and once per revocation storage keeps refusing, instead of every round. */
    private final AtomicBoolean storageDown = new AtomicBoolean();
    private final Set<Long> refused = ConcurrentHashMap.newKeySet();

    EntryRevocations(RevocationStore store, StorageFiles storage, Clock clock) {
        this.store = store;
        this.storage = storage;
        this.clock = clock;
    }

    /**
     * Records, in the caller's transaction, that {@code task}'s {@code entries} are to be revoked. Hand
     * what it returns to {@link #revokeNow} once that transaction committed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public List<PendingRevocation> record(UUID task, Collection<UUID> entries) {
        return entries.isEmpty() ? List.of() : store.add(task, new LinkedHashSet<>(entries), clock.instant());
    }

    /**
     * Revokes what {@link #record} recorded; call it after the commit, outside any transaction. Best
     * effort, never throws: what storage does not confirm now, the schedule revokes.
     */
    public void revokeNow(List<PendingRevocation> pending) {
        try {
            revokeAll(pending);
        } catch (RuntimeException e) {
            log.warn("{} entry revocations left to the schedule: {}", pending.size(), e.toString());
        }
    }

    @Scheduled(initialDelayString = "${cloudget.completion.revoke-interval:PT30S}",
            fixedDelayString = "${cloudget.completion.revoke-interval:PT30S}")
    void revokePending() {
        long after = 0;
        List<PendingRevocation> batch;
        do {
            batch = store.after(after, BATCH);
            if (batch.isEmpty() || !revokeAll(batch)) {
                return;
            }
            after = batch.getLast().id();
        } while (batch.size() == BATCH);
    }

    /** @return false when storage is down: the rest waits for the next round */
    private boolean revokeAll(List<PendingRevocation> pending) {
        for (PendingRevocation revocation : pending) {
            try {
                storage.revoke(revocation.entry());
            } catch (StorageRefusedException e) {
                // about this one entry: the others go on, and it is asked again next round
                if (refused.add(revocation.id())) {
                    log.error("Storage refuses to revoke entry {} of task {}; retrying on schedule: {}",
                            revocation.entry(), revocation.task(), e.getMessage());
                }
                continue;
            } catch (RuntimeException e) {
                if (!StorageFiles.unavailable(e)) {
                    throw e;
                }
                if (storageDown.compareAndSet(false, true)) {
                    log.warn("Storage unavailable; entry revocations wait for it: {}", e.getMessage());
                }
                return false;
            }
            store.delete(revocation.id());
            refused.remove(revocation.id());
        }
        if (!pending.isEmpty() && storageDown.compareAndSet(true, false)) {
            log.info("Storage answers again; revoking the entries that waited");
        }
        return true;
    }
}

package dev.cloudget.storage.content;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.Topics;
import dev.cloudget.contracts.storage.ContentRemoved;
import dev.cloudget.platform.outbox.Outbox;
import dev.cloudget.storage.content.persistence.ContentRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What other features may ask of the content catalogue. Keeps them out of its table: entries
 * claim content through here, the sweeper removes it through here.
 */
@Service
public class ContentCatalog {

    private static final Logger log = LoggerFactory.getLogger(ContentCatalog.class);

    private final ContentRepository contents;
    private final Outbox outbox;
    private final Clock clock;

    ContentCatalog(ContentRepository contents, Outbox outbox, Clock clock) {
        this.contents = contents;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Optional<StoredContent> find(ContentHash sha256) {
        return contents.find(sha256);
    }

    /** The stored contents among {@code hashes}, in one query. */
    public List<StoredContent> findAll(Collection<ContentHash> hashes) {
        return contents.findAll(hashes);
    }

    /**
     * Keeps live content at least until {@code until}. Empty when the content is unknown or its
     * expiry has passed at {@code now} (the sweeper may be deleting it: it must be fetched again).
     * The row lock this takes orders it with the sweeper's delete.
     */
    public Optional<StoredContent> claim(ContentHash sha256, Instant until, Instant now) {
        return contents.extendIfLive(sha256, until, now);
    }

    /**
     * Forgets content whose object is missing from the object store (lost outside this service), so that
     * the next request for its source fetches it again instead of being promised bytes that are gone. Its
     * own transaction: it must stick even when the caller's request then fails.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void forgetLost(ContentHash sha256) {
        Optional<StoredContent> known = contents.find(sha256);
        Instant now = clock.instant();
        if (known.isPresent() && contents.delete(sha256, now, ContentRemoved.LOST)) {
            announce(known.get(), ContentRemoved.LOST, now);
            log.error("Content {} is registered but its object is missing from the object store; forgot it, "
                    + "its entries with it", sha256);
        }
    }

    /** Which of {@code objectKeys} hold registered content (the others nobody registered). */
    public Set<String> registeredAmong(Collection<String> objectKeys) {
        return Set.copyOf(contents.registeredAmong(objectKeys));
    }

    /** Records the CRC-32 of content registered without one (computed from its object). */
    public void recordCrc32(ContentHash sha256, long crc32) {
        contents.recordCrc32(sha256, crc32);
    }

    /** Up to {@code limit} contents whose expiry passed at {@code now} and that no live entry needs. */
    public List<StoredContent> expired(Instant now, int limit) {
        return contents.findExpired(now, limit);
    }

    /**
     * Deletes the row of {@code sha256} (and its dead entries) if it is still expired and unneeded
     * at {@code now}; false when a claim or a re-registration got there first. Call it in the
     * transaction that also removes the object, so a failed removal keeps the row; the removal is announced
     * ({@link ContentRemoved}) in the same transaction, and the content's live entries answer 410 Gone from then on.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean deleteIfExpired(StoredContent content, Instant now) {
        if (!contents.deleteIfExpired(content.sha256(), now, ContentRemoved.EXPIRED)) {
            return false;
        }
        announce(content, ContentRemoved.EXPIRED, now);
        return true;
    }

    /**
     * Forgets entries removed with their content before {@code before}: until then their addresses answer 410 Gone,
     * afterwards 404 like any unknown address.
     */
    public int forgetRemovedEntriesBefore(Instant before) {
        return contents.forgetRemovedEntriesBefore(before);
    }

    /** Task-management moves the tasks holding the content to EXPIRED and tells their subscribers. */
    private void announce(StoredContent content, String reason, Instant now) {
        outbox.append(Topics.CONTENT_REMOVED, content.sha256().hex(),
                new ContentRemoved(content.sha256(), content.size(), reason, now));
    }
}

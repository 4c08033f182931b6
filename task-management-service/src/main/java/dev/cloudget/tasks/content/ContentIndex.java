package dev.cloudget.tasks.content;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.tasks.content.persistence.ContentIndexStore;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * What is already stored, by source key: the reason a repeated request is answered at once (patent
 * claim 6). Storage-service has the last word; an entry here is a hint that can be stale, and is
 * dropped as soon as storage says the content is gone.
 */
@Service
public class ContentIndex {

    private final ContentIndexStore store;
    private final Clock clock;

    ContentIndex(ContentIndexStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<StoredContent> live(SourceKey key) {
        return store.live(key, clock.instant());
    }

    public void record(StoredContent content) {
        store.record(content, clock.instant());
    }

    /** Someone got entry addresses valid until {@code until}: the content is expected to stay that long. */
    public void extend(JobId job, Instant until) {
        store.extend(job, until);
    }

    /** Storage no longer holds what {@code job} stored: a later request for its key fetches it again. */
    public void forget(JobId job) {
        store.forget(job);
    }
}

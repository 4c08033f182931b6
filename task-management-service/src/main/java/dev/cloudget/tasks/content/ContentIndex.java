package dev.cloudget.tasks.content;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.BitTorrentSource;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.MetalinkSource;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.worker.OriginResponse;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.tasks.content.persistence.ContentIndexStore;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is already stored, by source key: the reason a repeated request is answered at once (patent
 * claim 6). Storage-service has the last word; an entry here is a hint that can be stale, and is
 * dropped as soon as storage says the content is gone.
 *
 * <p>Besides the key of the job that stored them, files are indexed by the keys that name them alone: a
 * torrent's file as {@code btih:<hex>#<index>}, any file by its eD2k hash as {@code ed2k:<hex>}. So a task
 * for two files of a torrent somebody fetched whole, or an ed2k link of a file that came over HTTP, is
 * answered from storage as well (see {@link #storedFilesOf}); and by its SHA-256 as {@code sha256:<hex>}, so a Metalink
 * naming that hash is too.
 */
@Service
public class ContentIndex {

    private final ContentIndexStore store;
    private final Freshness freshness;
    private final Clock clock;

    ContentIndex(ContentIndexStore store, Freshness freshness, Clock clock) {
        this.store = store;
        this.freshness = freshness;
        this.clock = clock;
    }

    public Optional<StoredContent> live(SourceKey key) {
        return store.live(key, clock.instant());
    }

    /**
     * Of a torrent's selected files, those stored now, each under its own key, by the job that stored them; empty
     * when none is.
     */
    public Map<JobId, List<StoredFile>> storedFilesOf(BitTorrentSource torrent) {
        List<SourceKey> keys = torrent.files().indices().stream()
                .map(index -> BitTorrentSource.fileKey(torrent.infoHash(), index))
                .toList();
        Map<SourceKey, StoredContent> live = store.live(keys, clock.instant());
        Map<JobId, List<StoredFile>> stored = new LinkedHashMap<>();
        for (SourceKey key : keys) {
            StoredContent content = live.get(key);
            if (content != null) {
                stored.computeIfAbsent(content.job(), job -> new ArrayList<>()).addAll(content.files());
            }
        }
        return stored;
    }

    /**
     * Indexes what a job of {@code source} stored: under the job's key, reused while fresh by what the {@code origin}
     * said of its response ({@link Freshness}; null: a source named by its hash, never stale) — or, when the origin
     * said {@code no-store} or {@code private}, not reused for the key at all — and each file under its own keys (its
     * hashes, which never go stale).
     */
    public void record(StoredContent content, Source source, OriginResponse origin) {
        Instant now = clock.instant();
        if (origin == null) {
            store.record(content, now);
        } else {
            freshness.freshUntil(origin).ifPresentOrElse(
                    until -> store.record(content.fresh(until, origin.etag(), origin.lastModified()), now),
                    () -> store.dropKey(content.sourceKey()));
        }
        for (StoredFile file : content.files()) {
            if (source instanceof BitTorrentSource torrent && file.index() != null) {
                store.record(content.alone(BitTorrentSource.fileKey(torrent.infoHash(), file.index()), file), now);
            }
            if (file.ed2k() != null) {
                store.record(content.alone(file.ed2k().key(), file), now);
            }
            if (file.sha256() != null) {
                store.record(content.alone(MetalinkSource.sha256Key(file.sha256()), file), now);
            }
        }
    }

    /** Someone got entry addresses valid until {@code until}: the content is expected to stay that long. */
    public void extend(JobId job, Instant until) {
        store.extend(job, until);
    }

    /** Storage no longer holds what {@code job} stored: a later request for its key fetches it again. */
    public void forget(JobId job) {
        store.forget(job);
    }

    /** Storage removed content {@code sha256}: every job that stored it is forgotten, and fetched again when asked. */
    public void forgetContent(ContentHash sha256) {
        store.forgetContent(sha256);
    }

    /** Which of its job's files a task answered by {@code content} gets: those of a torrent, by index; else all. */
    public static FileSelection wantedOf(StoredContent content) {
        boolean torrentFiles = !content.files().isEmpty()
                && content.files().stream().allMatch(file -> file.index() != null);
        return torrentFiles
                ? FileSelection.of(content.files().stream().map(StoredFile::index).toList())
                : FileSelection.ALL;
    }
}

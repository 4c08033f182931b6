package dev.cloudget.tasks.content.persistence;

import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.worker.SourceReport;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import static dev.cloudget.tasks.jdbc.SqlValues.timestamp;

/** The {@code resource_index} table: per content hash, the URLs seen serving it (good) or serving other bytes (bad). */
@Repository
public class ResourceIndexStore {

    private final JdbcClient jdbc;

    ResourceIndexStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records each report; the latest word on a URL and content wins. */
    public void learn(List<SourceReport> reports, Instant now) {
        for (SourceReport report : reports) {
            jdbc.sql("""
                            INSERT INTO resource_index (content, url, size, good, seen_at)
                            VALUES (:content, :url, :size, :good, :now)
                            ON CONFLICT (content, url_md5)
                            DO UPDATE SET size = EXCLUDED.size, good = EXCLUDED.good, seen_at = EXCLUDED.seen_at""")
                    .param("content", report.content().value())
                    .param("url", report.url().toString())
                    .param("size", report.size())
                    .param("good", report.good())
                    .param("now", timestamp(now))
                    .update();
        }
    }

    /** The URLs last seen serving {@code content}, most recently seen first, at most {@code limit}. */
    public List<URI> good(SourceKey content, int limit) {
        return jdbc.sql("""
                        SELECT url FROM resource_index WHERE content = :content AND good
                        ORDER BY seen_at DESC LIMIT :limit""")
                .param("content", content.value())
                .param("limit", limit)
                .query((row, n) -> URI.create(row.getString("url")))
                .list();
    }

    /** The URLs last seen serving other bytes than {@code content}. */
    public List<URI> bad(SourceKey content) {
        return jdbc.sql("SELECT url FROM resource_index WHERE content = :content AND NOT good")
                .param("content", content.value())
                .query((row, n) -> URI.create(row.getString("url")))
                .list();
    }
}

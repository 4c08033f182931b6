package dev.cloudget.tasks.content.persistence;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.tasks.content.StoredContent;
import dev.cloudget.tasks.jdbc.StoredFiles;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static dev.cloudget.tasks.jdbc.SqlValues.instant;
import static dev.cloudget.tasks.jdbc.SqlValues.timestamp;

/** The {@code content_index} table: one row per file of the content stored for a source key. */
@Repository
public class ContentIndexStore {

    private final JdbcClient jdbc;

    ContentIndexStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The newest content stored for the key that has not expired. */
    public Optional<StoredContent> live(SourceKey key, Instant now) {
        List<Row> rows = jdbc.sql("""
                        SELECT * FROM content_index
                        WHERE md5(source_key) = md5(:key) AND source_key = :key AND expires_at > :now
                        ORDER BY stored_at DESC, job_id, position""")
                .param("key", key.value())
                .param("now", timestamp(now))
                .query(ContentIndexStore::row)
                .list();
        return newestOf(key, rows);
    }

    /** {@link #live} of each of {@code keys}, in one query: the keys with live content, each with its newest. */
    public Map<SourceKey, StoredContent> live(Collection<SourceKey> keys, Instant now) {
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<SourceKey, List<Row>> byKey = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT * FROM content_index
                        WHERE md5(source_key) IN (:hashes) AND source_key IN (:keys) AND expires_at > :now
                        ORDER BY source_key, stored_at DESC, job_id, position""")
                .param("hashes", keys.stream().map(key -> md5(key.value())).toList())
                .param("keys", keys.stream().map(SourceKey::value).toList())
                .param("now", timestamp(now))
                .query((ResultSet row) -> {
                    byKey.computeIfAbsent(SourceKey.of(row.getString("source_key")), key -> new ArrayList<>())
                            .add(row(row, 0));
                });
        Map<SourceKey, StoredContent> live = new LinkedHashMap<>();
        byKey.forEach((key, rows) -> newestOf(key, rows).ifPresent(content -> live.put(key, content)));
        return live;
    }

    private static Row row(ResultSet row, int n) throws SQLException {
        return new Row(new JobId(row.getObject("job_id", UUID.class)), StoredFiles.of(row), instant(row, "expires_at"),
                instant(row, "fresh_until"), row.getString("etag"), row.getString("last_modified"));
    }

    /** PostgreSQL's md5() of the key: what the index on the keys' hashes is looked up by. */
    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** Of rows ordered newest first, the newest job's files. */
    private static Optional<StoredContent> newestOf(SourceKey key, List<Row> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        JobId newest = rows.getFirst().job();
        List<StoredFile> files = new ArrayList<>();
        Instant expiresAt = rows.getFirst().expiresAt();
        for (Row row : rows) {
            if (row.job().equals(newest)) {
                files.add(row.file());
                expiresAt = expiresAt.isBefore(row.expiresAt()) ? expiresAt : row.expiresAt();
            }
        }
        Row first = rows.getFirst();
        return Optional.of(new StoredContent(key, newest, files, expiresAt, first.freshUntil(), first.etag(),
                first.lastModified()));
    }

    /** Replaces what is indexed for the key; recording the same job twice changes nothing. */
    public void record(StoredContent content, Instant now) {
        jdbc.sql("""
                        DELETE FROM content_index
                        WHERE md5(source_key) = md5(:key) AND source_key = :key AND job_id <> :job""")
                .param("key", content.sourceKey().value())
                .param("job", content.job().value())
                .update();
        int position = 0;
        for (StoredFile file : content.files()) {
            jdbc.sql("""
                            INSERT INTO content_index (source_key, position, job_id, path, size, sha256, torrent_index, ed2k,
                                stored_at, expires_at, fresh_until, etag, last_modified)
                            VALUES (:key, :position, :job, :path, :size, :sha256, :index, :ed2k, :now, :expiresAt,
                                :freshUntil, :etag, :lastModified)
                            ON CONFLICT (md5(source_key), job_id, position) DO NOTHING""")
                    .param("key", content.sourceKey().value())
                    .param("position", position++)
                    .param("job", content.job().value())
                    .param("path", file.path())
                    .param("size", file.size())
                    .param("sha256", file.sha256().hex())
                    .param("index", file.index())
                    .param("ed2k", file.ed2k() == null ? null : file.ed2k().hex())
                    .param("now", timestamp(now))
                    .param("expiresAt", timestamp(content.expiresAt()))
                    .param("freshUntil", timestamp(content.freshUntil()))
                    .param("etag", content.etag())
                    .param("lastModified", content.lastModified())
                    .update();
        }
    }

    /** Nothing is reused for the key any more (content named by its hashes stays findable by them). */
    public void dropKey(SourceKey key) {
        jdbc.sql("DELETE FROM content_index WHERE md5(source_key) = md5(:key) AND source_key = :key")
                .param("key", key.value())
                .update();
    }

    public void extend(JobId job, Instant until) {
        jdbc.sql("UPDATE content_index SET expires_at = greatest(expires_at, :until) WHERE job_id = :job")
                .param("until", timestamp(until))
                .param("job", job.value())
                .update();
    }

    /** Forgets every job that stored a file of content {@code sha256}: what it stored is no longer whole. */
    public void forgetContent(ContentHash sha256) {
        jdbc.sql("DELETE FROM content_index WHERE job_id IN (SELECT job_id FROM content_index WHERE sha256 = :sha256)")
                .param("sha256", sha256.hex())
                .update();
    }

    public void forget(JobId job) {
        jdbc.sql("DELETE FROM content_index WHERE job_id = :job").param("job", job.value()).update();
    }

    private record Row(JobId job, StoredFile file, Instant expiresAt, Instant freshUntil, String etag,
            String lastModified) {
    }
}

package dev.cloudget.storage.content.persistence;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.storage.content.StoredContent;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The {@code contents} table. Only the content feature touches it. */
@Repository
public class ContentRepository {

    private static final String COLUMNS = "sha256, size, object_key, created_at, expires_at, crc32";
    /** A content is still needed while a live entry points at it, whatever its own expiry says. */
    private static final String UNNEEDED = """
            NOT EXISTS (SELECT 1 FROM file_entries e
                        WHERE e.sha256 = c.sha256 AND e.revoked_at IS NULL AND e.expires_at > :now)""";
    private static final RowMapper<StoredContent> ROW = (rs, n) -> new StoredContent(
            new ContentHash(rs.getString("sha256")),
            rs.getLong("size"),
            rs.getString("object_key"),
            rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
            rs.getObject("crc32", Long.class));

    private final JdbcClient jdbc;

    ContentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<StoredContent> find(ContentHash sha256) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contents WHERE sha256 = :sha256")
                .param("sha256", sha256.hex())
                .query(ROW)
                .optional();
    }

    /** Whether {@code objectKey} is the object of some content already. */
    public boolean isObjectOfContent(String objectKey) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM contents WHERE object_key = :key)")
                .param("key", objectKey)
                .query(Boolean.class)
                .single();
    }

    public List<StoredContent> findAll(Collection<ContentHash> hashes) {
        if (hashes.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM contents WHERE sha256 IN (:hashes)")
                .param("hashes", hashes.stream().map(ContentHash::hex).distinct().toList())
                .query(ROW)
                .list();
    }

    /** Which of {@code objectKeys} are some content's object. */
    public List<String> registeredAmong(Collection<String> objectKeys) {
        if (objectKeys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT object_key FROM contents WHERE object_key IN (:keys)")
                .param("keys", objectKeys)
                .query(String.class)
                .list();
    }

    /**
     * Records {@code objectKey} as the object of new content; for content known already, keeps its row (and object)
     * and extends its expiry to at least {@code expiresAt}. Returns the row as it now stands: its object key tells
     * which happened.
     *
     * @throws org.springframework.dao.DuplicateKeyException when {@code objectKey} is another content's object
     */
    public StoredContent adopt(ContentHash sha256, long size, Long crc32, String objectKey, Instant createdAt,
            Instant expiresAt) {
        return jdbc.sql("""
                        INSERT INTO contents (sha256, size, crc32, object_key, created_at, expires_at)
                        VALUES (:sha256, :size, :crc32, :objectKey, :createdAt, :expiresAt)
                        ON CONFLICT (sha256) DO UPDATE
                            SET expires_at = GREATEST(contents.expires_at, EXCLUDED.expires_at),
                                crc32 = COALESCE(contents.crc32, EXCLUDED.crc32)
                        RETURNING\s""" + COLUMNS)
                .param("sha256", sha256.hex())
                .param("size", size)
                .param("crc32", crc32, Types.BIGINT)
                .param("objectKey", objectKey)
                .param("createdAt", utc(createdAt))
                .param("expiresAt", utc(expiresAt))
                .query(ROW)
                .single();
    }

    /** Points content whose object was lost at a new one; empty when its object key is no longer {@code lost}. */
    public Optional<StoredContent> replaceObject(ContentHash sha256, String lost, String replacement) {
        return jdbc.sql("""
                        UPDATE contents SET object_key = :replacement WHERE sha256 = :sha256 AND object_key = :lost
                        RETURNING\s""" + COLUMNS)
                .param("sha256", sha256.hex())
                .param("lost", lost)
                .param("replacement", replacement)
                .query(ROW)
                .optional();
    }

    /** Records the CRC-32 of content registered without one. */
    public void recordCrc32(ContentHash sha256, long crc32) {
        jdbc.sql("UPDATE contents SET crc32 = :crc32 WHERE sha256 = :sha256 AND crc32 IS NULL")
                .param("sha256", sha256.hex())
                .param("crc32", crc32)
                .update();
    }

    /**
     * Keeps live content until {@code until} at least. The first claim sets its expiry to {@code until} even when that
     * is sooner than the retention it was registered with: from then on its entries' valid periods say how long it
     * stays (the retention is for content nobody claimed).
     */
    public Optional<StoredContent> extendIfLive(ContentHash sha256, Instant until, Instant now) {
        return jdbc.sql("""
                        UPDATE contents c SET expires_at = CASE
                            WHEN EXISTS (SELECT 1 FROM file_entries e WHERE e.sha256 = c.sha256 AND e.revoked_at IS NULL
                                         AND e.expires_at > :now) THEN GREATEST(c.expires_at, :until)
                            ELSE :until END
                        WHERE c.sha256 = :sha256 AND c.expires_at > :now
                        RETURNING\s""" + COLUMNS)
                .param("sha256", sha256.hex())
                .param("until", utc(until))
                .param("now", utc(now))
                .query(ROW)
                .optional();
    }

    public List<StoredContent> findExpired(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM contents c WHERE c.expires_at <= :now AND " + UNNEEDED
                        + " ORDER BY c.expires_at LIMIT :limit")
                .param("now", utc(now))
                .param("limit", limit)
                .query(ROW)
                .list();
    }

    /** Deletes the row if still expired and unneeded, its live entries remembered as removed for {@code reason}. */
    public boolean deleteIfExpired(ContentHash sha256, Instant now, String reason) {
        return deleteRemembering("c.sha256 = :sha256 AND c.expires_at <= :now AND " + UNNEEDED, sha256, now, reason);
    }

    /** Deletes the row of content whose bytes are gone, with its entries (they cannot be served), remembered. */
    public boolean delete(ContentHash sha256, Instant now, String reason) {
        return deleteRemembering("c.sha256 = :sha256", sha256, now, reason);
    }

    /**
     * One statement: the entries (cascaded with the content row) are read in the statement's snapshot, before the
     * delete, so every unrevoked one is remembered in {@code removed_entries}, and none is if nothing was deleted.
     */
    private boolean deleteRemembering(String condition, ContentHash sha256, Instant now, String reason) {
        return jdbc.sql("""
                        WITH gone AS (DELETE FROM contents c WHERE\s""" + condition + """
                         RETURNING c.sha256),
                        remembered AS (
                            INSERT INTO removed_entries (id, owner, reason, removed_at)
                            SELECT e.id, e.owner, :reason, :now FROM file_entries e JOIN gone g ON e.sha256 = g.sha256
                            WHERE e.revoked_at IS NULL
                            ON CONFLICT (id) DO NOTHING)
                        SELECT count(*) FROM gone""")
                .param("sha256", sha256.hex())
                .param("now", utc(now))
                .param("reason", reason)
                .query(Long.class)
                .single() == 1;
    }

    /** Forgets entries removed with their content before {@code before}: their addresses answer 404 from then on. */
    public int forgetRemovedEntriesBefore(Instant before) {
        return jdbc.sql("DELETE FROM removed_entries WHERE removed_at < :before").param("before", utc(before)).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

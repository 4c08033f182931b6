package dev.cloudget.storage.entry.persistence;

import dev.cloudget.contracts.ContentHash;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code file_entries} table. Only the entry feature touches it. */
@Repository
public class FileEntryRepository {

    private static final RowMapper<FileEntryRow> ROW = (rs, n) -> new FileEntryRow(
            rs.getObject("id", UUID.class),
            rs.getString("owner"),
            new ContentHash(rs.getString("sha256")),
            rs.getString("name"),
            instant(rs.getObject("created_at", OffsetDateTime.class)),
            instant(rs.getObject("expires_at", OffsetDateTime.class)),
            instant(rs.getObject("revoked_at", OffsetDateTime.class)),
            rs.getObject("bundle", UUID.class),
            rs.getString("path"));
    private static final String COLUMNS = "id, owner, sha256, name, created_at, expires_at, revoked_at, bundle, path";

    private final JdbcClient jdbc;

    FileEntryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the row unless an entry with its id exists; false when one did (nothing is changed then). */
    public boolean insertIfAbsent(FileEntryRow row) {
        return jdbc.sql("""
                        INSERT INTO file_entries (id, owner, sha256, name, created_at, expires_at, revoked_at, bundle,
                                                  path)
                        VALUES (:id, :owner, :sha256, :name, :createdAt, :expiresAt, :revokedAt, :bundle, :path)
                        ON CONFLICT (id) DO NOTHING""")
                .param("id", row.id())
                .param("owner", row.owner())
                .param("sha256", row.sha256().hex())
                .param("name", row.name())
                .param("createdAt", utc(row.createdAt()))
                .param("expiresAt", utc(row.expiresAt()))
                .param("revokedAt", utc(row.revokedAt()), Types.TIMESTAMP_WITH_TIMEZONE)
                .param("bundle", row.bundle(), Types.OTHER)
                .param("path", row.path(), Types.VARCHAR)
                .update() == 1;
    }

    public Optional<FileEntryRow> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM file_entries WHERE id = :id")
                .param("id", id)
                .query(ROW)
                .optional();
    }

    /** The owner of entry {@code id} if it was removed with its content (expired, lost), and when. */
    public Optional<RemovedEntry> findRemoved(UUID id) {
        return jdbc.sql("SELECT owner, reason, removed_at FROM removed_entries WHERE id = :id")
                .param("id", id)
                .query((rs, n) -> new RemovedEntry(rs.getString("owner"), rs.getString("reason"),
                        rs.getObject("removed_at", java.time.OffsetDateTime.class).toInstant()))
                .optional();
    }

    /** An entry that went with its content. */
    public record RemovedEntry(String owner, String reason, Instant removedAt) {
    }

    /** Sets the expiry of the owner's live entries among {@code ids} to {@code until}; returns how many it set. */
    public int extend(String owner, List<UUID> ids, Instant until) {
        return jdbc.sql("""
                        UPDATE file_entries SET expires_at = :until
                        WHERE id IN (:ids) AND owner = :owner AND revoked_at IS NULL""")
                .param("until", until.atOffset(java.time.ZoneOffset.UTC))
                .param("ids", ids)
                .param("owner", owner)
                .update();
    }

    /** The entries of {@code bundle} that are not revoked, in the order of their paths. */
    public List<FileEntryRow> unrevokedOf(UUID bundle) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM file_entries WHERE bundle = :bundle AND revoked_at IS NULL"
                        + " ORDER BY path COLLATE \"C\", id")
                .param("bundle", bundle)
                .query(ROW)
                .list();
    }

    /** Marks the entry revoked (keeping the first revocation time); false when there is no such entry. */
    public boolean revoke(UUID id, Instant now) {
        return jdbc.sql("UPDATE file_entries SET revoked_at = COALESCE(revoked_at, :now) WHERE id = :id")
                .param("id", id)
                .param("now", utc(now))
                .update() == 1;
    }

    /**
     * Makes a revoked entry live again, valid at least until {@code until}; empty when there is no such
     * entry. A live entry is left as it is.
     */
    public Optional<FileEntryRow> unrevoke(UUID id, Instant until) {
        return jdbc.sql("""
                        UPDATE file_entries
                        SET revoked_at = NULL,
                            expires_at = CASE WHEN revoked_at IS NULL THEN expires_at
                                              ELSE GREATEST(expires_at, :until) END
                        WHERE id = :id
                        RETURNING\s""" + COLUMNS)
                .param("id", id)
                .param("until", utc(until))
                .query(ROW)
                .optional();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}

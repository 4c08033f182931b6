package dev.cloudget.tasks.outbox.persistence;

import dev.cloudget.tasks.outbox.OutboxRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

import static dev.cloudget.tasks.jdbc.SqlValues.instant;
import static dev.cloudget.tasks.jdbc.SqlValues.timestamp;

/** The {@code outbox} table. */
@Repository
public class OutboxStore {

    /** The outbox relay's advisory lock: {@code pg_try_advisory_xact_lock(space, key)}. */
    public static final int RELAY_LOCK_SPACE = 0x6f757462; // "outb"
    public static final int RELAY_LOCK_KEY = 1;

    private final JdbcClient jdbc;

    OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String topic, String key, String eventType, String payload, Instant now) {
        jdbc.sql("""
                        INSERT INTO outbox (topic, message_key, event_type, payload, created_at)
                        VALUES (:topic, :key, :type, CAST(:payload AS jsonb), :now)""")
                .param("topic", topic)
                .param("key", key)
                .param("type", eventType)
                .param("payload", payload)
                .param("now", timestamp(now))
                .update();
    }

    /**
     * Makes this transaction the only relay at work, across every replica, until it ends: records are
     * published in the order they were written only if one relay at a time publishes them. False when
     * another relay holds the lock; it will publish what this one would have.
     */
    public boolean tryLockRelay() {
        // the two-key form keeps it apart from the per-source-key locks (one bigint key each)
        return Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(:space, :key)")
                .param("space", RELAY_LOCK_SPACE)
                .param("key", RELAY_LOCK_KEY)
                .query(Boolean.class).single());
    }

    /** The oldest unpublished records, in the order they were written; hold {@link #tryLockRelay} first. */
    public List<OutboxRecord> oldestUnpublished(int limit) {
        return jdbc.sql("SELECT * FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit")
                .param("limit", limit)
                .query((ResultSet row, int n) -> new OutboxRecord(
                        row.getLong("id"),
                        row.getString("topic"),
                        row.getString("message_key"),
                        row.getString("event_type"),
                        row.getString("payload"),
                        instant(row, "created_at")))
                .list();
    }

    public void markPublished(long id, Instant now) {
        jdbc.sql("UPDATE outbox SET published_at = :now WHERE id = :id")
                .param("now", timestamp(now))
                .param("id", id)
                .update();
    }

    public int countUnpublished() {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL").query(Integer.class).single();
    }
}

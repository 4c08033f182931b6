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
     * The oldest unpublished records, locked until the transaction ends; rows another relay holds are
     * skipped, not waited for.
     */
    public List<OutboxRecord> lockUnpublished(int limit) {
        return jdbc.sql("""
                        SELECT * FROM outbox WHERE published_at IS NULL
                        ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
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

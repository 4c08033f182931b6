package dev.cloudget.seeds.outbox.persistence;

import dev.cloudget.seeds.outbox.OutboxRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

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
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    /**
     * Claims up to {@code limit} of the oldest unpublished records nobody else holds, for {@code claim}, in one
     * statement (its own transaction): rows another relay is claiming are skipped, not waited for.
     */
    public List<OutboxRecord> claim(int limit, Instant now, Duration claim) {
        return jdbc.sql("""
                        UPDATE outbox SET claimed_until = :until
                        WHERE id IN (SELECT id FROM outbox
                                     WHERE published_at IS NULL AND (claimed_until IS NULL OR claimed_until < :now)
                                     ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id, topic, message_key, event_type, payload::text AS payload""")
                .param("until", now.plus(claim).atOffset(ZoneOffset.UTC))
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("limit", limit)
                .query((row, n) -> new OutboxRecord(row.getLong("id"), row.getString("topic"),
                        row.getString("message_key"), row.getString("event_type"), row.getString("payload")))
                .list().stream()
                // RETURNING keeps no order
                .sorted(Comparator.comparingLong(OutboxRecord::id))
                .toList();
    }

    public void markPublished(long id, Instant now) {
        jdbc.sql("UPDATE outbox SET published_at = :now, claimed_until = NULL WHERE id = :id")
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("id", id)
                .update();
    }

    /** Gives claimed records back, to be claimed again at once. */
    public void release(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE outbox SET claimed_until = NULL WHERE id IN (:ids)").param("ids", ids).update();
        }
    }
}

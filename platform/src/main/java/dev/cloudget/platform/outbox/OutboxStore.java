package dev.cloudget.platform.outbox;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code outbox} table every publishing service has: {@code id} (ascending in write order), {@code topic},
 * {@code message_key}, {@code event_type}, {@code payload} (jsonb), {@code created_at}, {@code claimed_until},
 * {@code published_at}, {@code traceparent} (the trace the event continues; null when none).
 */
public class OutboxStore {

    /** The relay's advisory lock, {@code pg_try_advisory_xact_lock(space, key)}, held only while it claims. */
    public static final int RELAY_LOCK_SPACE = 0x6f757462; // "outb"
    public static final int RELAY_LOCK_KEY = 1;

    private final JdbcClient jdbc;

    OutboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String topic, String key, String eventType, String payload, String traceparent, Instant now) {
        jdbc.sql("""
                        INSERT INTO outbox (topic, message_key, event_type, payload, traceparent, created_at)
                        VALUES (:topic, :key, :type, CAST(:payload AS jsonb), :traceparent, :now)""")
                .param("topic", topic)
                .param("key", key)
                .param("type", eventType)
                .param("payload", payload)
                .param("traceparent", traceparent)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .update();
    }

    /**
     * Claims the oldest {@code limit} unpublished records until {@code now + claim}, unless another relay holds a
     * claim still running (or is claiming right now): then nothing. Run it in a transaction of its own — the advisory
     * lock that makes the check and the claim one step lasts until it commits — and send the records after it.
     */
    List<OutboxRecord> claim(int limit, Instant now, Duration claim) {
        // the two-key form keeps it apart from other advisory locks of the service (one bigint key each)
        boolean alone = Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(:space, :key)")
                .param("space", RELAY_LOCK_SPACE)
                .param("key", RELAY_LOCK_KEY)
                .query(Boolean.class).single());
        if (!alone) {
            return List.of();
        }
        return jdbc.sql("""
                        UPDATE outbox SET claimed_until = :until
                        WHERE id IN (SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT :limit)
                          AND NOT EXISTS (SELECT 1 FROM outbox
                                          WHERE published_at IS NULL AND claimed_until >= :now)
                        RETURNING id, topic, message_key, event_type, payload::text AS payload, traceparent""")
                .param("until", now.plus(claim).atOffset(ZoneOffset.UTC))
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("limit", limit)
                .query((row, n) -> new OutboxRecord(row.getLong("id"), row.getString("topic"),
                        row.getString("message_key"), row.getString("event_type"), row.getString("payload"),
                        row.getString("traceparent")))
                .list().stream()
                // RETURNING keeps no order
                .sorted(Comparator.comparingLong(OutboxRecord::id))
                .toList();
    }

    void markPublished(Collection<Long> ids, Instant now) {
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE outbox SET published_at = :now, claimed_until = NULL WHERE id IN (:ids)")
                    .param("now", now.atOffset(ZoneOffset.UTC))
                    .param("ids", ids)
                    .update();
        }
    }

    /** Gives claimed records back, to be claimed again (in order) at the next poll. */
    void release(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE outbox SET claimed_until = NULL WHERE id IN (:ids)").param("ids", ids).update();
        }
    }
}

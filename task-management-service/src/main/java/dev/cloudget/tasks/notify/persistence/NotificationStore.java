package dev.cloudget.tasks.notify.persistence;

import dev.cloudget.tasks.notify.Channel;
import dev.cloudget.tasks.notify.Message;
import dev.cloudget.tasks.task.NotificationStatus;
import dev.cloudget.tasks.task.NotifyEvent;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.cloudget.tasks.jdbc.SqlValues.instant;
import static dev.cloudget.tasks.jdbc.SqlValues.timestamp;

/**
 * The {@code notifications} table: an outbox of messages to subscribers. Rows are written in the transaction that
 * decided their event; senders claim due rows for a while and mark each outcome, every statement on its own (no
 * transaction is held while a message is out).
 */
@Repository
public class NotificationStore {

    private static final RowMapper<Message> MESSAGE = (ResultSet row, int n) -> new Message(
            row.getLong("id"), row.getString("idempotency_key"), row.getObject("task_id", UUID.class),
            row.getString("owner"), Channel.valueOf(row.getString("channel")),
            NotifyEvent.valueOf(row.getString("event")), row.getString("recipient"), row.getString("subject"),
            row.getString("body"), row.getString("html"), row.getInt("attempts"));

    private final JdbcClient jdbc;

    NotificationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues the message unless one with its idempotency key exists; whether it was queued now. */
    public boolean insertOnce(Message message, Instant now) {
        return jdbc.sql("""
                        INSERT INTO notifications (task_id, idempotency_key, channel, event, recipient, subject, body,
                            html, created_at, next_attempt_at)
                        VALUES (:task, :key, :channel, :event, :recipient, :subject, :body, :html, :now, :now)
                        ON CONFLICT (idempotency_key) DO NOTHING""")
                .param("task", message.task())
                .param("key", message.key())
                .param("channel", message.channel().name())
                .param("event", message.event().name())
                .param("recipient", message.recipient())
                .param("subject", message.subject())
                .param("body", message.body())
                .param("html", message.html())
                .param("now", timestamp(now))
                .update() == 1;
    }

    /**
     * Claims up to {@code limit} due messages until {@code claimedUntil}: no other sender takes them meanwhile, and if
     * this one dies they are due again afterwards. One statement, committed at once.
     */
    public List<Message> claimDue(Instant now, Instant claimedUntil, int limit) {
        return jdbc.sql("""
                        UPDATE notifications n SET claimed_until = :until
                        FROM tasks t
                        WHERE n.id IN (SELECT id FROM notifications
                                       WHERE status = 'PENDING' AND next_attempt_at <= :now
                                         AND (claimed_until IS NULL OR claimed_until <= :now)
                                       ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)
                          AND t.id = n.task_id
                        RETURNING n.id, n.idempotency_key, n.task_id, t.owner, n.channel, n.event, n.recipient,
                            n.subject, n.body, n.html, n.attempts""")
                .param("now", timestamp(now))
                .param("until", timestamp(claimedUntil))
                .param("limit", limit)
                .query(MESSAGE)
                .list();
    }

    public void markSent(long id, Instant now) {
        jdbc.sql("""
                        UPDATE notifications SET status = 'SENT', sent_at = :now, attempts = attempts + 1,
                            claimed_until = NULL
                        WHERE id = :id""")
                .param("now", timestamp(now))
                .param("id", id)
                .update();
    }

    public void markFailed(long id, String error, Instant nextAttempt) {
        jdbc.sql("""
                        UPDATE notifications SET attempts = attempts + 1, last_error = :error, next_attempt_at = :next,
                            claimed_until = NULL
                        WHERE id = :id""")
                .param("error", error)
                .param("next", timestamp(nextAttempt))
                .param("id", id)
                .update();
    }

    /** The message is given up: it stays in the table, FAILED, with its last error. */
    public void markGivenUp(long id, String error) {
        jdbc.sql("""
                        UPDATE notifications SET status = 'FAILED', attempts = attempts + 1, last_error = :error,
                            claimed_until = NULL
                        WHERE id = :id""")
                .param("error", error)
                .param("id", id)
                .update();
    }

    /** The messages of each of {@code tasks}, oldest first. */
    public Map<UUID, List<NotificationStatus>> statusesOf(Collection<UUID> tasks) {
        Map<UUID, List<NotificationStatus>> statuses = new LinkedHashMap<>();
        if (tasks.isEmpty()) {
            return statuses;
        }
        jdbc.sql("""
                        SELECT task_id, channel, event, recipient, status, attempts, last_error, sent_at, next_attempt_at
                        FROM notifications WHERE task_id IN (:tasks) ORDER BY task_id, id""")
                .param("tasks", tasks)
                .query((ResultSet row) -> {
                    String status = row.getString("status");
                    statuses.computeIfAbsent(row.getObject("task_id", UUID.class), id -> new java.util.ArrayList<>())
                            .add(new NotificationStatus(row.getString("channel").toLowerCase(java.util.Locale.ROOT),
                                    NotifyEvent.valueOf(row.getString("event")).slug(), row.getString("recipient"),
                                    status, row.getInt("attempts"), row.getString("last_error"),
                                    instant(row, "sent_at"),
                                    "PENDING".equals(status) ? instant(row, "next_attempt_at") : null));
                });
        return statuses;
    }
}

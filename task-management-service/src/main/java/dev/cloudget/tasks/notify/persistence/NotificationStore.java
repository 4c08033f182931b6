package dev.cloudget.tasks.notify.persistence;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.cloudget.tasks.jdbc.SqlValues.timestamp;

/** The {@code notifications} table: emails to send and whether they went out. */
@Repository
public class NotificationStore {

    private final JdbcClient jdbc;

    NotificationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID task, String recipient, String subject, String body, Instant now) {
        jdbc.sql("""
                        INSERT INTO notifications (task_id, recipient, subject, body, created_at, next_attempt_at)
                        VALUES (:task, :recipient, :subject, :body, :now, :now)""")
                .param("task", task)
                .param("recipient", recipient)
                .param("subject", subject)
                .param("body", body)
                .param("now", timestamp(now))
                .update();
    }

    /** Unsent emails that are due, locked until the transaction ends; another sender skips them. */
    public List<PendingEmail> lockDue(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id, recipient, subject, body, attempts FROM notifications
                        WHERE status = 'PENDING' AND next_attempt_at <= :now
                        ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("now", timestamp(now))
                .param("limit", limit)
                .query((ResultSet row, int n) -> new PendingEmail(row.getLong("id"), row.getString("recipient"),
                        row.getString("subject"), row.getString("body"), row.getInt("attempts")))
                .list();
    }

    public void markSent(long id, Instant now) {
        jdbc.sql("UPDATE notifications SET status = 'SENT', sent_at = :now, attempts = attempts + 1 WHERE id = :id")
                .param("now", timestamp(now))
                .param("id", id)
                .update();
    }

    public void markFailed(long id, String error, Instant nextAttempt) {
        jdbc.sql("""
                        UPDATE notifications SET attempts = attempts + 1, last_error = :error, next_attempt_at = :next
                        WHERE id = :id""")
                .param("error", error)
                .param("next", timestamp(nextAttempt))
                .param("id", id)
                .update();
    }

    /** The email is given up: it stays in the table, FAILED, with its last error. */
    public void markGivenUp(long id, String error) {
        jdbc.sql("""
                        UPDATE notifications SET status = 'FAILED', attempts = attempts + 1, last_error = :error
                        WHERE id = :id""")
                .param("error", error)
                .param("id", id)
                .update();
    }

    /** One email waiting to be sent. */
    public record PendingEmail(long id, String recipient, String subject, String body, int attempts) {
    }
}

package dev.cloudget.tasks.notify.persistence;

import dev.cloudget.tasks.task.NotifyEvent;
import dev.cloudget.tasks.task.Subscription;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.Optional;

import static dev.cloudget.tasks.jdbc.SqlValues.timestamp;

/** The {@code notification_preferences} table: each user's defaults for new tasks and their webhook secret. */
@Repository
public class PreferenceStore {

    private final JdbcClient jdbc;

    PreferenceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Subscription> defaultsOf(String owner) {
        return jdbc.sql("SELECT email, phone, callback_url, events FROM notification_preferences WHERE owner = :owner")
                .param("owner", owner)
                .query((row, n) -> new Subscription(row.getString("email"), row.getString("phone"),
                        row.getString("callback_url"), NotifyEvent.ofNames((String[]) row.getArray("events").getArray())))
                .optional();
    }

    /** Sets the owner's defaults, keeping (or creating with {@code newSecret}) their webhook secret. */
    public void saveDefaults(String owner, Subscription defaults, String newSecret, Instant now) {
        jdbc.sql("""
                        INSERT INTO notification_preferences (owner, email, phone, callback_url, events, webhook_secret,
                            updated_at)
                        VALUES (:owner, :email, :phone, :url, CAST(:events AS text[]), :secret, :now)
                        ON CONFLICT (owner) DO UPDATE SET email = excluded.email, phone = excluded.phone,
                            callback_url = excluded.callback_url, events = excluded.events,
                            updated_at = excluded.updated_at""")
                .param("owner", owner)
                .param("email", defaults.email())
                .param("phone", defaults.phone())
                .param("url", defaults.callbackUrl())
                .param("events", NotifyEvent.arrayLiteral(defaults.events()))
                .param("secret", newSecret)
                .param("now", timestamp(now))
                .update();
    }

    /** The owner's webhook secret, created with {@code newSecret} (and no defaults) when they have none yet. */
    public String secretOf(String owner, String newSecret, Instant now) {
        jdbc.sql("""
                        INSERT INTO notification_preferences (owner, events, webhook_secret, updated_at)
                        VALUES (:owner, CAST(:events AS text[]), :secret, :now)
                        ON CONFLICT (owner) DO NOTHING""")
                .param("owner", owner)
                .param("events", NotifyEvent.arrayLiteral(NotifyEvent.DEFAULTS))
                .param("secret", newSecret)
                .param("now", timestamp(now))
                .update();
        return jdbc.sql("SELECT webhook_secret FROM notification_preferences WHERE owner = :owner")
                .param("owner", owner)
                .query(String.class)
                .single();
    }

    public void rotateSecret(String owner, String newSecret, Instant now) {
        jdbc.sql("""
                        INSERT INTO notification_preferences (owner, events, webhook_secret, updated_at)
                        VALUES (:owner, CAST(:events AS text[]), :secret, :now)
                        ON CONFLICT (owner) DO UPDATE SET webhook_secret = excluded.webhook_secret,
                            updated_at = excluded.updated_at""")
                .param("owner", owner)
                .param("events", NotifyEvent.arrayLiteral(NotifyEvent.DEFAULTS))
                .param("secret", newSecret)
                .param("now", timestamp(now))
                .update();
    }
}

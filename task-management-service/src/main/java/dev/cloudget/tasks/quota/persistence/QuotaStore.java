package dev.cloudget.tasks.quota.persistence;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * What the quotas count, in PostgreSQL so that every replica counts the same: the log of the last minute's submits
 * ({@code recent_submits}), and a user's tasks in flight and completed ones as the tasks table holds them. Times are
 * the database's ({@code now()}), one clock for every replica.
 */
@Repository
public class QuotaStore {

    private static final RowCallbackHandler NOTHING_TO_READ = row -> {
    };
    /** The first key of the two-key advisory locks taken here; two-key locks never meet the source keys' one-key locks. */
    private static final int QUOTA_LOCKS = 0x71756f74;

    private final JdbcClient jdbc;

    QuotaStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises the quota decisions about {@code owner} across replicas until the transaction ends. */
    public void lockOwner(String owner) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:space, hashtext(:owner))")
                .param("space", QUOTA_LOCKS)
                .param("owner", owner)
                .query(NOTHING_TO_READ);
    }

    /** What {@code owner} uses of each quota, read in one statement without the lock. */
    public record Usage(long submits, long tasksInFlight, long bytesHeld) {
    }

    public Usage usage(String owner, Duration window) {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM recent_submits
                                WHERE owner = :owner AND at > now() - make_interval(secs => :window)) AS submits,
                               (SELECT count(*) FROM tasks
                                WHERE owner = :owner AND status IN ('QUEUED', 'DOWNLOADING')) AS in_flight,
                               (SELECT coalesce(sum(bytes_done), 0) FROM tasks
                                WHERE owner = :owner AND status = 'COMPLETED' AND valid_until > now()) AS bytes_held""")
                .param("owner", owner)
                .param("window", window.toMillis() / 1000.0)
                .query((row, rowNumber) -> new Usage(row.getLong("submits"), row.getLong("in_flight"),
                        row.getLong("bytes_held")))
                .single();
    }

    public long tasksInFlight(String owner) {
        return jdbc.sql("SELECT count(*) FROM tasks WHERE owner = :owner AND status IN ('QUEUED', 'DOWNLOADING')")
                .param("owner", owner)
                .query(Long.class)
                .single();
    }

    /** The bytes of {@code owner}'s completed tasks whose valid period has not passed. */
    public long bytesHeld(String owner) {
        return jdbc.sql("""
                        SELECT coalesce(sum(bytes_done), 0) FROM tasks
                        WHERE owner = :owner AND status = 'COMPLETED' AND valid_until > now()""")
                .param("owner", owner)
                .query(Long.class)
                .single();
    }

    /**
     * How long until fewer than {@code limit} of {@code owner}'s submits fall within the last {@code window}; empty
     * when fewer do already.
     */
    public Optional<Duration> untilBelow(String owner, long limit, Duration window) {
        if (limit == 0) {
            return Optional.of(window);
        }
        return jdbc.sql("""
                        SELECT extract(epoch FROM at + make_interval(secs => :window) - now()) AS wait
                        FROM recent_submits
                        WHERE owner = :owner AND at > now() - make_interval(secs => :window)
                        ORDER BY at DESC
                        OFFSET :limit - 1 LIMIT 1""")
                .param("owner", owner)
                .param("window", window.toMillis() / 1000.0)
                .param("limit", limit)
                .query((row, rowNumber) -> row.getDouble("wait"))
                .optional()
                .map(seconds -> Duration.ofSeconds(Math.max(1, (long) Math.ceil(seconds))));
    }

    public void recordSubmit(UUID id, String owner) {
        jdbc.sql("INSERT INTO recent_submits (id, owner, at) VALUES (:id, :owner, now())")
                .param("id", id)
                .param("owner", owner)
                .update();
    }

    public void forgetSubmit(UUID id) {
        jdbc.sql("DELETE FROM recent_submits WHERE id = :id").param("id", id).update();
    }

    /** Drops the submits older than {@code window}, which no count reads any more. */
    public int forgetSubmitsBefore(Duration window) {
        return jdbc.sql("DELETE FROM recent_submits WHERE at <= now() - make_interval(secs => :window)")
                .param("window", window.toMillis() / 1000.0)
                .update();
    }
}

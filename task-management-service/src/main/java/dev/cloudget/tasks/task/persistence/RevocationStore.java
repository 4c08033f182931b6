package dev.cloudget.tasks.task.persistence;

import dev.cloudget.tasks.task.PendingRevocation;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static dev.cloudget.tasks.jdbc.SqlValues.timestamp;

/** The {@code entry_revocations} table. */
@Repository
public class RevocationStore {

    private static final RowMapper<PendingRevocation> ROW = (row, n) -> new PendingRevocation(
            row.getLong("id"), row.getObject("entry_id", UUID.class), row.getObject("task_id", UUID.class));

    private final JdbcClient jdbc;

    RevocationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<PendingRevocation> add(UUID task, Collection<UUID> entries, Instant now) {
        List<PendingRevocation> added = new ArrayList<>(entries.size());
        for (UUID entry : entries) {
            added.add(jdbc.sql("""
                            INSERT INTO entry_revocations (entry_id, task_id, created_at)
                            VALUES (:entry, :task, :now)
                            RETURNING id, entry_id, task_id""")
                    .param("entry", entry)
                    .param("task", task)
                    .param("now", timestamp(now))
                    .query(ROW)
                    .single());
        }
        return added;
    }

    /** Up to {@code limit} pending revocations recorded after {@code afterId}, oldest first. */
    public List<PendingRevocation> after(long afterId, int limit) {
        return jdbc.sql("SELECT id, entry_id, task_id FROM entry_revocations WHERE id > :after ORDER BY id LIMIT :limit")
                .param("after", afterId)
                .param("limit", limit)
                .query(ROW)
                .list();
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM entry_revocations WHERE id = :id").param("id", id).update();
    }
}

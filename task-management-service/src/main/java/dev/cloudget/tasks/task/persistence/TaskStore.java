package dev.cloudget.tasks.task.persistence;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.tasks.task.NotifyEvent;
import dev.cloudget.tasks.task.Progress;
import dev.cloudget.tasks.task.Subscription;
import dev.cloudget.tasks.task.Task;
import dev.cloudget.tasks.task.TaskFailure;
import dev.cloudget.tasks.task.TaskFile;
import dev.cloudget.tasks.task.TaskPart;
import dev.cloudget.tasks.task.TaskStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import static dev.cloudget.tasks.jdbc.SqlValues.instant;
import static dev.cloudget.tasks.jdbc.SqlValues.timestamp;

/** The {@code tasks} and {@code task_files} tables. */
@Repository
public class TaskStore {

    private static final String IN_FLIGHT = "('QUEUED', 'DOWNLOADING')";

    private final JdbcClient jdbc;

    TaskStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Task task) {
        jdbc.sql("""
                        INSERT INTO tasks (id, owner, source, source_key, job_id, status,
                            bytes_done, bytes_total, bytes_per_second, failure_type, failure_detail,
                            notify_email, notify_phone, callback_url, notify_events, valid_days, idempotency_key,
                            request_fingerprint, created_at, updated_at, completed_at, wanted_files, reuse)
                        VALUES (:id, :owner, :source, :sourceKey, :job, :status,
                            :bytesDone, :bytesTotal, :bytesPerSecond, :failureType, :failureDetail,
                            :notifyEmail, :notifyPhone, :callbackUrl, CAST(:events AS text[]), :validDays,
                            :idempotencyKey, :fingerprint,
                            :createdAt, :updatedAt, :completedAt, CAST(:wanted AS integer[]), :reuse)""")
                .param("id", task.id())
                .param("owner", task.owner())
                .param("source", task.source())
                .param("sourceKey", task.sourceKey().value())
                .param("job", task.job() == null ? null : task.job().value())
                .param("status", task.status().name())
                .param("bytesDone", task.progress().bytesDone())
                .param("bytesTotal", task.progress().bytesTotal())
                .param("bytesPerSecond", task.progress().bytesPerSecond())
                .param("failureType", task.failure() == null ? null : task.failure().type())
                .param("failureDetail", task.failure() == null ? null : task.failure().detail())
                .param("notifyEmail", task.subscription().email())
                .param("notifyPhone", task.subscription().phone())
                .param("callbackUrl", task.subscription().callbackUrl())
                .param("events", NotifyEvent.arrayLiteral(task.subscription().events()))
                .param("validDays", task.validDays())
                .param("idempotencyKey", task.idempotencyKey())
                .param("fingerprint", task.requestFingerprint())
                .param("createdAt", timestamp(task.createdAt()))
                .param("updatedAt", timestamp(task.updatedAt()))
                .param("completedAt", timestamp(task.completedAt()))
                .param("wanted", task.wanted().all() ? null : arrayOf(task.wanted()))
                .param("reuse", task.reuse())
                .update();
        insertFiles(task.id(), task.files());
        for (TaskPart part : task.parts()) {
            jdbc.sql("INSERT INTO task_parts (task_id, job_id, wanted) VALUES (:task, :job, CAST(:wanted AS integer[]))")
                    .param("task", task.id())
                    .param("job", part.job().value())
                    .param("wanted", arrayOf(part.wanted()))
                    .update();
        }
    }

    /** The task takes every file it wants from its own job from now on. */
    public void dropParts(UUID task, FileSelection wanted) {
        jdbc.sql("DELETE FROM task_parts WHERE task_id = :task").param("task", task).update();
        jdbc.sql("UPDATE tasks SET wanted_files = CAST(:wanted AS integer[]) WHERE id = :task")
                .param("wanted", wanted.all() ? null : arrayOf(wanted))
                .param("task", task)
                .update();
    }

    private static String arrayOf(FileSelection selection) {
        return selection.indices().stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    public Optional<Task> find(UUID id) {
        return withFiles(jdbc.sql("SELECT * FROM tasks WHERE id = :id").param("id", id).query(TASK).list())
                .stream().findFirst();
    }

    /** Reads the task and locks its row until the transaction ends. */
    public Optional<Task> findForUpdate(UUID id) {
        return withFiles(jdbc.sql("SELECT * FROM tasks WHERE id = :id FOR UPDATE").param("id", id).query(TASK).list())
                .stream().findFirst();
    }

    public Optional<Task> findByIdempotencyKey(String owner, String key) {
        return withFiles(jdbc.sql("SELECT * FROM tasks WHERE owner = :owner AND idempotency_key = :key")
                .param("owner", owner)
                .param("key", key)
                .query(TASK).list())
                .stream().findFirst();
    }

    public List<Task> page(String owner, TaskStatus status, int offset, int limit) {
        return withFiles(jdbc.sql("""
                        SELECT * FROM tasks
                        WHERE owner = :owner AND (CAST(:status AS text) IS NULL OR status = :status)
                        ORDER BY created_at DESC, id DESC
                        OFFSET :offset LIMIT :limit""")
                .param("owner", owner)
                .param("status", status == null ? null : status.name())
                .param("offset", offset)
                .param("limit", limit)
                .query(TASK).list());
    }

    public long count(String owner, TaskStatus status) {
        return jdbc.sql("""
                        SELECT count(*) FROM tasks
                        WHERE owner = :owner AND (CAST(:status AS text) IS NULL OR status = :status)""")
                .param("owner", owner)
                .param("status", status == null ? null : status.name())
                .query(Long.class).single();
    }

    /** Tasks on the job, or taking files from it (a part), as a condition on {@code tasks t}. */
    private static final String ON_JOB =
            "(t.job_id = :job OR EXISTS (SELECT 1 FROM task_parts p WHERE p.task_id = t.id AND p.job_id = :job))";

    /** The tasks still waiting for the job (as their own or for a part), locked until the transaction ends. */
    public List<Task> inFlightOnJobForUpdate(JobId job) {
        return withFiles(jdbc.sql("SELECT * FROM tasks t WHERE " + ON_JOB + " AND status IN " + IN_FLIGHT
                        + " ORDER BY created_at, id FOR UPDATE")
                .param("job", job.value())
                .query(TASK).list());
    }

    /** Tasks still waiting for the job (as their own or for a part), oldest first. */
    public List<UUID> idsInFlightOnJob(JobId job) {
        return jdbc.sql("SELECT id FROM tasks t WHERE " + ON_JOB + " AND status IN " + IN_FLIGHT
                        + " ORDER BY created_at, id")
                .param("job", job.value())
                .query(UUID.class).list();
    }

    /** Tasks still waiting although their job completed: they have yet to get their entry addresses. */
    public List<UUID> idsInFlightOnCompletedJobs(int limit) {
        return jdbc.sql("""
                        SELECT t.id FROM tasks t JOIN jobs j ON j.id = t.job_id
                        WHERE t.status IN %s AND j.status = 'COMPLETED'
                            AND NOT EXISTS (SELECT 1 FROM task_parts p JOIN jobs pj ON pj.id = p.job_id
                                            WHERE p.task_id = t.id AND pj.status <> 'COMPLETED')
                        ORDER BY t.created_at, t.id LIMIT :limit""".formatted(IN_FLIGHT))
                .param("limit", limit)
                .query(UUID.class).list();
    }

    public void attach(UUID id, JobId job, TaskStatus status, Progress progress, Instant now) {
        jdbc.sql("""
                        UPDATE tasks SET job_id = :job, status = :status, bytes_done = :done, bytes_total = :total,
                            bytes_per_second = :rate, updated_at = :now
                        WHERE id = :id""")
                .param("job", job.value())
                .param("status", status.name())
                .param("done", progress.bytesDone())
                .param("total", progress.bytesTotal())
                .param("rate", progress.bytesPerSecond())
                .param("now", timestamp(now))
                .param("id", id)
                .update();
    }

    public int countInFlightOnJob(JobId job) {
        return jdbc.sql("SELECT count(*) FROM tasks t WHERE " + ON_JOB + " AND status IN " + IN_FLIGHT)
                .param("job", job.value())
                .query(Integer.class).single();
    }

    /** How the content of every task on the job was found (see {@code Task#reuse}). */
    public void reuseOnJob(JobId job, String reuse) {
        jdbc.sql("UPDATE tasks SET reuse = :reuse WHERE job_id = :job")
                .param("reuse", reuse)
                .param("job", job.value())
                .update();
    }

    public void progressOnJob(JobId job, Progress progress, Instant now) {
        jdbc.sql("""
                        UPDATE tasks SET status = 'DOWNLOADING', bytes_done = :done, bytes_total = :total,
                            bytes_per_second = :rate, peers = :peers, seeds = :seeds, phase = :phase,
                            worker_id = :worker, sources = :sources, updated_at = :now
                        WHERE job_id = :job AND status IN""" + " " + IN_FLIGHT)
                .param("done", progress.bytesDone())
                .param("total", progress.bytesTotal())
                .param("rate", progress.bytesPerSecond())
                .param("peers", progress.peers())
                .param("seeds", progress.seeds())
                .param("phase", progress.phase())
                .param("worker", progress.worker())
                .param("sources", progress.sources())
                .param("now", timestamp(now))
                .param("job", job.value())
                .update();
    }

    public void complete(UUID id, List<TaskFile> files, Progress progress, Instant now) {
        Instant validUntil = files.stream().map(TaskFile::validUntil).max(Instant::compareTo).orElse(null);
        jdbc.sql("""
                        UPDATE tasks SET status = 'COMPLETED', bytes_done = :done, bytes_total = :total,
                            bytes_per_second = 0, peers = NULL, seeds = NULL, phase = NULL, updated_at = :now,
                            completed_at = :now, valid_until = :validUntil
                        WHERE id = :id""")
                .param("done", progress.bytesDone())
                .param("total", progress.bytesTotal())
                .param("now", timestamp(now))
                .param("validUntil", timestamp(validUntil))
                .param("id", id)
                .update();
        insertFiles(id, files);
    }

    /** A completed task's files stay valid until {@code validUntil} ({@code validDays} from its completion). */
    public void extend(UUID id, int validDays, Instant validUntil, Instant now) {
        jdbc.sql("""
                        UPDATE tasks SET valid_days = :days, valid_until = :until, updated_at = :now
                        WHERE id = :id AND status = 'COMPLETED'""")
                .param("days", validDays)
                .param("until", timestamp(validUntil))
                .param("now", timestamp(now))
                .param("id", id)
                .update();
        jdbc.sql("UPDATE task_files SET valid_until = :until WHERE task_id = :id")
                .param("until", timestamp(validUntil))
                .param("id", id)
                .update();
    }

    public void fail(UUID id, TaskFailure failure, Instant now) {
        jdbc.sql("""
                        UPDATE tasks SET status = 'FAILED', failure_type = :type, failure_detail = :detail,
                            bytes_per_second = 0, updated_at = :now
                        WHERE id = :id""")
                .param("type", failure.type())
                .param("detail", failure.detail())
                .param("now", timestamp(now))
                .param("id", id)
                .update();
    }

    public void cancel(UUID id, Instant now) {
        jdbc.sql("UPDATE tasks SET status = 'CANCELLED', bytes_per_second = 0, updated_at = :now WHERE id = :id")
                .param("now", timestamp(now))
                .param("id", id)
                .update();
    }

    /** Up to {@code limit} completed tasks whose valid period passed at {@code now} become EXPIRED; their ids. */
    public List<UUID> expireCompletedBefore(Instant now, int limit) {
        return jdbc.sql("""
                        UPDATE tasks SET status = 'EXPIRED', updated_at = :now
                        WHERE id IN (SELECT id FROM tasks WHERE status = 'COMPLETED' AND valid_until <= :now
                                     ORDER BY valid_until LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .param("now", timestamp(now))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    /** Completed tasks holding a file of content {@code sha256} (removed from storage) become EXPIRED; their ids. */
    public List<UUID> expireHolding(ContentHash sha256, Instant now) {
        return jdbc.sql("""
                        UPDATE tasks SET status = 'EXPIRED', updated_at = :now
                        WHERE status = 'COMPLETED' AND id IN (SELECT task_id FROM task_files WHERE sha256 = :sha256)
                        RETURNING id""")
                .param("now", timestamp(now))
                .param("sha256", sha256.hex())
                .query(UUID.class)
                .list();
    }

    /**
     * Up to {@code limit} completed tasks whose valid period ends before {@code horizon} and is at least half over at
     * {@code now} (a period no longer than the warning time is not warned about the moment it starts), that want to
     * hear about it and were not warned for that end yet; each is marked warned (for its current end) as it is
     * returned, locked.
     */
    public List<UUID> warnExpiringBefore(Instant horizon, Instant now, int limit) {
        return jdbc.sql("""
                        UPDATE tasks SET expiry_warned_until = valid_until
                        WHERE id IN (SELECT id FROM tasks
                                     WHERE status = 'COMPLETED' AND valid_until <= :horizon
                                       AND :now >= completed_at + (valid_until - completed_at) / 2
                                       AND expiry_warned_until IS DISTINCT FROM valid_until
                                       AND 'EXPIRING' = ANY (notify_events)
                                       AND (notify_email IS NOT NULL OR notify_phone IS NOT NULL
                                            OR callback_url IS NOT NULL)
                                     ORDER BY valid_until LIMIT :limit FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .param("horizon", timestamp(horizon))
                .param("now", timestamp(now))
                .param("limit", limit)
                .query(UUID.class)
                .list();
    }

    private void insertFiles(UUID task, List<TaskFile> files) {
        int position = 0;
        for (TaskFile file : files) {
            jdbc.sql("""
                            INSERT INTO task_files (entry_id, task_id, position, path, size, sha256, valid_until)
                            VALUES (:entry, :task, :position, :path, :size, :sha256, :validUntil)""")
                    .param("entry", file.id())
                    .param("task", task)
                    .param("position", position++)
                    .param("path", file.path())
                    .param("size", file.size())
                    .param("sha256", file.sha256().hex())
                    .param("validUntil", timestamp(file.validUntil()))
                    .update();
        }
    }

    private List<Task> withFiles(List<Task> tasks) {
        if (tasks.isEmpty()) {
            return tasks;
        }
        Map<UUID, List<TaskFile>> files = filesOf(tasks.stream().map(Task::id).toList());
        // only a selection of a torrent's files is ever made of parts: most reads need not look for any
        List<UUID> selections = tasks.stream().filter(t -> !t.wanted().all()).map(Task::id).toList();
        Map<UUID, List<TaskPart>> parts = selections.isEmpty() ? Map.of() : partsOf(selections);
        List<Task> complete = new ArrayList<>(tasks.size());
        for (Task t : tasks) {
            complete.add(new Task(t.id(), t.owner(), t.source(), t.sourceKey(), t.job(), t.status(), t.progress(),
                    files.getOrDefault(t.id(), List.of()), t.failure(), t.subscription(), t.validDays(),
                    t.idempotencyKey(), t.requestFingerprint(), t.createdAt(), t.updatedAt(), t.completedAt(),
                    t.wanted(), parts.getOrDefault(t.id(), List.of()), t.reuse()));
        }
        return complete;
    }

    private Map<UUID, List<TaskPart>> partsOf(Collection<UUID> tasks) {
        Map<UUID, List<TaskPart>> parts = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM task_parts WHERE task_id IN (:tasks) ORDER BY task_id, job_id")
                .param("tasks", tasks)
                .query((ResultSet row) -> {
                    parts.computeIfAbsent(row.getObject("task_id", UUID.class), id -> new ArrayList<>())
                            .add(new TaskPart(new JobId(row.getObject("job_id", UUID.class)),
                                    wantedOf(row.getArray("wanted"))));
                });
        return parts;
    }

    private Map<UUID, List<TaskFile>> filesOf(Collection<UUID> tasks) {
        Map<UUID, List<TaskFile>> files = new LinkedHashMap<>();
        jdbc.sql("SELECT * FROM task_files WHERE task_id IN (:tasks) ORDER BY task_id, position")
                .param("tasks", tasks)
                .query((ResultSet row) -> {
                    files.computeIfAbsent(row.getObject("task_id", UUID.class), id -> new ArrayList<>())
                            .add(new TaskFile(row.getObject("entry_id", UUID.class), row.getString("path"),
                                    row.getLong("size"), ContentHash.of(row.getString("sha256")),
                                    instant(row, "valid_until")));
                });
        return files;
    }

    private static final RowMapper<Task> TASK = (ResultSet row, int n) -> task(row);

    private static Task task(ResultSet row) throws SQLException {
        UUID job = row.getObject("job_id", UUID.class);
        String failureType = row.getString("failure_type");
        return new Task(
                row.getObject("id", UUID.class),
                row.getString("owner"),
                row.getString("source"),
                SourceKey.of(row.getString("source_key")),
                job == null ? null : new JobId(job),
                TaskStatus.valueOf(row.getString("status")),
                new Progress(row.getLong("bytes_done"), row.getLong("bytes_total"), row.getLong("bytes_per_second"),
                        row.getObject("peers", Integer.class), row.getObject("seeds", Integer.class),
                        row.getString("phase"), row.getString("worker_id"), row.getObject("sources", Integer.class)),
                List.of(),
                failureType == null ? null : new TaskFailure(failureType, row.getString("failure_detail")),
                new Subscription(row.getString("notify_email"), row.getString("notify_phone"),
                        row.getString("callback_url"), NotifyEvent.ofNames(names(row.getArray("notify_events")))),
                row.getInt("valid_days"),
                row.getString("idempotency_key"),
                row.getString("request_fingerprint"),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                instant(row, "completed_at"),
                wantedOf(row.getArray("wanted_files")),
                List.of(),
                row.getString("reuse"));
    }

    private static String[] names(Array array) throws SQLException {
        return array == null ? null : (String[]) array.getArray();
    }

    private static FileSelection wantedOf(Array wanted) throws SQLException {
        return wanted == null ? FileSelection.ALL : FileSelection.of(Arrays.asList((Integer[]) wanted.getArray()));
    }
}

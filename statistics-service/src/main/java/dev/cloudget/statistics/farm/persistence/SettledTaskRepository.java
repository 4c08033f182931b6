package dev.cloudget.statistics.farm.persistence;

import dev.cloudget.statistics.Owner;
import dev.cloudget.statistics.Period;
import dev.cloudget.statistics.Point;
import dev.cloudget.statistics.Series;
import dev.cloudget.statistics.farm.SettledTask;
import dev.cloudget.statistics.farm.TaskBreakdown;
import dev.cloudget.statistics.farm.TaskFigures;
import dev.cloudget.statistics.farm.TaskMetric;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code settled_tasks} table: one row per task, keyed by its id. The fetch speed and dedup hit are stored as
 * {@link SettledTask} decides them, so the figures' SQL only counts.
 */
@Repository
public class SettledTaskRepository {

    private final JdbcClient jdbc;

    SettledTaskRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the task unless it is stored already; true when this call stored it. */
    public boolean insertOnce(SettledTask task) {
        return jdbc.sql("""
                        INSERT INTO settled_tasks (task_id, owner, source_type, outcome, reuse, bytes, job_id, worker,
                                                   failure_type, submitted_at, settled_at, fetch_bps, dedup_hit)
                        VALUES (:task, :owner, :sourceType, :outcome, :reuse, :bytes, :job, :worker,
                                :failureType, :submittedAt, :settledAt, :fetchBps, :dedupHit)
                        ON CONFLICT (task_id) DO NOTHING""")
                .param("task", task.task())
                .param("owner", task.owner().value())
                .param("sourceType", task.sourceType())
                .param("outcome", task.outcome())
                .param("reuse", task.reuse())
                .param("bytes", task.bytes())
                .param("job", task.job() == null ? null : task.job().value())
                .param("worker", task.worker())
                .param("failureType", task.failureType())
                .param("submittedAt", utc(task.submittedAt()))
                .param("settledAt", utc(task.settledAt()))
                .param("fetchBps", task.fetchBytesPerSecond())
                .param("dedupHit", task.answeredFromStore())
                .update() == 1;
    }

    public TaskBreakdown figures(Optional<Owner> owner, Period period) {
        Map<String, TaskFigures> bySourceType = new HashMap<>();
        TaskFigures[] total = {TaskFigures.NONE};
        jdbc.sql("""
                        SELECT source_type, GROUPING(source_type) = 1 AS all_types,
                               count(*) AS settled,
                               count(*) FILTER (WHERE outcome = 'COMPLETED') AS completed,
                               count(*) FILTER (WHERE outcome = 'FAILED') AS failed,
                               coalesce(sum(bytes) FILTER (WHERE outcome = 'COMPLETED'), 0) AS bytes,
                               count(*) FILTER (WHERE dedup_hit) AS dedup_hits,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY fetch_bps) AS median_bps,
                               percentile_cont(0.95) WITHIN GROUP (ORDER BY fetch_bps) AS p95_bps
                        FROM settled_tasks
                        WHERE settled_at >= :from AND settled_at < :to""" + ownedBy(owner) + """

                        GROUP BY GROUPING SETS ((), (source_type))""")
                .param("from", utc(period.from()))
                .param("to", utc(period.to()))
                .params(ownerParam(owner))
                .query((ResultSet row) -> {
                    TaskFigures figures = figures(row);
                    if (row.getBoolean("all_types")) {
                        total[0] = figures;
                    } else {
                        bySourceType.put(row.getString("source_type"), figures);
                    }
                });
        return new TaskBreakdown(total[0], bySourceType);
    }

    /** One point per bucket of {@code series}, empty buckets included. */
    public List<Point> series(Optional<Owner> owner, TaskMetric metric, Series series) {
        return jdbc.sql(Series.bucketedQuery("settled_tasks", "settled_at", aggregate(metric), ownedBy(owner)))
                .param("last", series.lastBucket())
                .param("from", utc(series.period().from()))
                .param("to", utc(series.period().to()))
                .param("step", series.stepSeconds())
                .params(ownerParam(owner))
                .query((row, rowNumber) -> new Point(series.start(row.getLong("bucket")),
                        metric.kind().of((Number) row.getObject("value"))))
                .list();
    }

    private static String aggregate(TaskMetric metric) {
        return switch (metric) {
            case SETTLED -> "count(*)";
            case COMPLETED -> "count(*) FILTER (WHERE outcome = 'COMPLETED')";
            case FAILED -> "count(*) FILTER (WHERE outcome = 'FAILED')";
            case BYTES -> "sum(bytes) FILTER (WHERE outcome = 'COMPLETED')";
            case SUCCESS_RATE -> "CAST(count(*) FILTER (WHERE outcome = 'COMPLETED') AS double precision) "
                    + "/ NULLIF(count(*), 0)";
            case DEDUP_HIT_RATE -> "CAST(count(*) FILTER (WHERE dedup_hit) AS double precision) "
                    + "/ NULLIF(count(*) FILTER (WHERE outcome = 'COMPLETED'), 0)";
            case MEDIAN_SPEED -> "percentile_cont(0.5) WITHIN GROUP (ORDER BY fetch_bps)";
            case P95_SPEED -> "percentile_cont(0.95) WITHIN GROUP (ORDER BY fetch_bps)";
        };
    }

    private static String ownedBy(Optional<Owner> owner) {
        return owner.isPresent() ? " AND owner = :owner" : "";
    }

    private static Map<String, Object> ownerParam(Optional<Owner> owner) {
        return owner.<Map<String, Object>>map(user -> Map.of("owner", user.value())).orElse(Map.of());
    }

    private static TaskFigures figures(ResultSet row) throws SQLException {
        return new TaskFigures(row.getLong("settled"), row.getLong("completed"), row.getLong("failed"),
                row.getLong("bytes"), row.getLong("dedup_hits"), speed(row, "median_bps"), speed(row, "p95_bps"));
    }

    private static Long speed(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : Math.round(value);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}

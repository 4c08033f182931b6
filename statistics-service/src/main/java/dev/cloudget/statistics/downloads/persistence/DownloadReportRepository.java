package dev.cloudget.statistics.downloads.persistence;

import dev.cloudget.statistics.Owner;
import dev.cloudget.statistics.Period;
import dev.cloudget.statistics.Point;
import dev.cloudget.statistics.Series;
import dev.cloudget.statistics.downloads.DownloadFigures;
import dev.cloudget.statistics.downloads.DownloadMetric;
import dev.cloudget.statistics.downloads.DownloadReport;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The {@code download_reports} table: one row per report, stamped with the database's clock when received. */
@Repository
public class DownloadReportRepository {

    private final JdbcClient jdbc;

    DownloadReportRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Serialises the sender's reports until the transaction ends, so that two at once cannot both pass the limit. */
    public void lockSender(Owner sender) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(:sender, 0))")
                .param("sender", "download_reports:" + sender.value())
                .query((row, rowNumber) -> 1)
                .single();
    }

    /**
     * Empty while the sender stored fewer than {@code limit} reports in the last {@code window}; else how long
     * until the oldest of its last {@code limit} reports leaves the window (at least one second).
     */
    public Optional<Duration> untilBelowLimit(Owner sender, int limit, Duration window) {
        return jdbc.sql("""
                        SELECT extract(epoch FROM received_at + make_interval(secs => :window) - now()) AS wait
                        FROM download_reports
                        WHERE user_id = :sender AND received_at > now() - make_interval(secs => :window)
                        ORDER BY received_at DESC
                        OFFSET :limit - 1 LIMIT 1""")
                .param("sender", sender.value())
                .param("window", window.toMillis() / 1000.0)
                .param("limit", limit)
                .query((row, rowNumber) -> row.getDouble("wait"))
                .optional()
                .map(seconds -> Duration.ofSeconds(Math.max(1, (long) Math.ceil(seconds))));
    }

    public void insert(UUID id, Owner sender, DownloadReport report) {
        jdbc.sql("""
                        INSERT INTO download_reports (id, user_id, task_id, file_id, file_size, bytes, duration_ms,
                                                      avg_bps, peak_bps, connections, result, error, resumed, client)
                        VALUES (:id, :sender, :task, :file, :fileSize, :bytes, :durationMs,
                                :avgBps, :peakBps, :connections, :result, :error, :resumed, :client)""")
                .param("id", id)
                .param("sender", sender.value())
                .param("task", report.task())
                .param("file", report.file())
                .param("fileSize", report.fileSize())
                .param("bytes", report.bytes())
                .param("durationMs", report.duration().toMillis())
                .param("avgBps", report.averageBytesPerSecond())
                .param("peakBps", report.peakBytesPerSecond())
                .param("connections", report.connections())
                .param("result", report.result().name())
                .param("error", report.error())
                .param("resumed", report.resumed())
                .param("client", report.client())
                .update();
    }

    public DownloadFigures figures(Optional<Owner> owner, Period period) {
        return jdbc.sql("""
                        SELECT count(*) AS reports,
                               count(*) FILTER (WHERE result = 'SUCCESS') AS succeeded,
                               count(*) FILTER (WHERE result = 'FAILURE') AS failed,
                               count(*) FILTER (WHERE result = 'INTERRUPTED') AS interrupted,
                               coalesce(sum(bytes), 0) AS bytes,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY avg_bps)
                                   FILTER (WHERE result = 'SUCCESS') AS median_bps,
                               percentile_cont(0.95) WITHIN GROUP (ORDER BY avg_bps)
                                   FILTER (WHERE result = 'SUCCESS') AS p95_bps
                        FROM download_reports
                        WHERE received_at >= :from AND received_at < :to""" + ownedBy(owner))
                .param("from", utc(period.from()))
                .param("to", utc(period.to()))
                .params(ownerParam(owner))
                .query(DownloadReportRepository::figures)
                .single();
    }

    /** One point per bucket of {@code series}, empty buckets included. */
    public List<Point> series(Optional<Owner> owner, DownloadMetric metric, Series series) {
        return jdbc.sql(Series.bucketedQuery("download_reports", "received_at", aggregate(metric), ownedBy(owner)))
                .param("last", series.lastBucket())
                .param("from", utc(series.period().from()))
                .param("to", utc(series.period().to()))
                .param("step", series.stepSeconds())
                .params(ownerParam(owner))
                .query((row, rowNumber) -> new Point(series.start(row.getLong("bucket")),
                        metric.kind().of((Number) row.getObject("value"))))
                .list();
    }

    private static String aggregate(DownloadMetric metric) {
        return switch (metric) {
            case REPORTS -> "count(*)";
            case BYTES -> "sum(bytes)";
            case MEDIAN_SPEED -> "percentile_cont(0.5) WITHIN GROUP (ORDER BY avg_bps) FILTER (WHERE result = 'SUCCESS')";
            case P95_SPEED -> "percentile_cont(0.95) WITHIN GROUP (ORDER BY avg_bps) FILTER (WHERE result = 'SUCCESS')";
        };
    }

    private static String ownedBy(Optional<Owner> owner) {
        return owner.isPresent() ? " AND user_id = :owner" : "";
    }

    private static Map<String, Object> ownerParam(Optional<Owner> owner) {
        return owner.<Map<String, Object>>map(user -> Map.of("owner", user.value()))
                .orElse(Map.of());
    }

    private static DownloadFigures figures(ResultSet row, int rowNumber) throws SQLException {
        return new DownloadFigures(row.getLong("reports"), row.getLong("succeeded"), row.getLong("failed"),
                row.getLong("interrupted"), row.getLong("bytes"), speed(row, "median_bps"), speed(row, "p95_bps"));
    }

    private static Long speed(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? null : Math.round(value);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

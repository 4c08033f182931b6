package dev.cloudget.tasks.job.persistence;

import dev.cloudget.contracts.ContentHash;
import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.source.SourceKey;
import dev.cloudget.contracts.worker.StoredFile;
import dev.cloudget.tasks.job.Job;
import dev.cloudget.tasks.job.JobStatus;
import dev.cloudget.tasks.jdbc.StoredFiles;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static dev.cloudget.tasks.jdbc.SqlValues.instant;
import static dev.cloudget.tasks.jdbc.SqlValues.timestamp;

/** The {@code jobs} table. */
@Repository
public class JobStore {

    private static final String IN_FLIGHT = "('QUEUED', 'DOWNLOADING')";

    private static final RowMapper<Job> JOB = (ResultSet row, int n) -> new Job(
            new JobId(row.getObject("id", UUID.class)),
            SourceKey.of(row.getString("source_key")),
            JobStatus.valueOf(row.getString("status")),
            row.getLong("bytes_done"),
            row.getLong("bytes_total"),
            row.getLong("bytes_per_second"),
            instant(row, "created_at"),
            instant(row, "updated_at"),
            instant(row, "finished_at"));

    private final JdbcClient jdbc;

    JobStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(JobId id, SourceKey key, String sourceJson, Instant now) {
        jdbc.sql("""
                        INSERT INTO jobs (id, source_key, source, status, created_at, updated_at)
                        VALUES (:id, :key, CAST(:source AS jsonb), 'QUEUED', :now, :now)""")
                .param("id", id.value())
                .param("key", key.value())
                .param("source", sourceJson)
                .param("now", timestamp(now))
                .update();
    }

    public Optional<Job> find(JobId id) {
        return jdbc.sql("SELECT * FROM jobs WHERE id = :id").param("id", id.value()).query(JOB).optional();
    }

    public Optional<Job> findForUpdate(JobId id) {
        return jdbc.sql("SELECT * FROM jobs WHERE id = :id FOR UPDATE").param("id", id.value()).query(JOB).optional();
    }

    public Optional<Job> inFlightFor(SourceKey key) {
        return jdbc.sql("""
                        SELECT * FROM jobs
                        WHERE md5(source_key) = md5(:key) AND source_key = :key AND status IN""" + " " + IN_FLIGHT)
                .param("key", key.value())
                .query(JOB).optional();
    }

    /** A job with its source as JSON, as {@link #insert} stored it. */
    public record WithSource(Job job, String sourceJson) {
    }

    /**
     * Jobs in flight for any selection of the torrent whose whole key is {@code torrentKey} ({@code btih:<hex>}),
     * oldest first, each with its source.
     */
    public List<WithSource> inFlightForTorrent(SourceKey torrentKey) {
        return jdbc.sql("""
                        SELECT *, source::text AS source_json FROM jobs
                        WHERE left(source_key, 45) = :key AND source_key LIKE 'btih:%' AND status IN""" + " " + IN_FLIGHT
                        + " ORDER BY created_at")
                .param("key", torrentKey.value())
                .query((row, n) -> new WithSource(JOB.mapRow(row, n), row.getString("source_json"))).list();
    }

    /** Records progress unless the job is finished or the report is older than the last one applied. */
    public boolean progress(JobId id, long done, long total, long rate, Instant at, Instant now) {
        return jdbc.sql("""
                        UPDATE jobs SET status = 'DOWNLOADING', bytes_done = :done, bytes_total = :total,
                            bytes_per_second = :rate, progress_at = :at, updated_at = :now
                        WHERE id = :id AND status IN ('QUEUED', 'DOWNLOADING')
                          AND (progress_at IS NULL OR progress_at <= :at)""")
                .param("done", done)
                .param("total", total)
                .param("rate", rate)
                .param("at", timestamp(at))
                .param("now", timestamp(now))
                .param("id", id.value())
                .update() == 1;
    }

    public void finish(JobId id, JobStatus status, String failureType, String failureDetail, Instant now) {
        jdbc.sql("""
                        UPDATE jobs SET status = :status, failure_type = :type, failure_detail = :detail,
                            bytes_per_second = 0, updated_at = :now, finished_at = :now
                        WHERE id = :id""")
                .param("status", status.name())
                .param("type", failureType)
                .param("detail", failureDetail)
                .param("now", timestamp(now))
                .param("id", id.value())
                .update();
    }

    /** Records the files a completed job stored; recording them again changes nothing. */
    public void insertFiles(JobId id, List<StoredFile> files) {
        int position = 0;
        for (StoredFile file : files) {
            jdbc.sql("""
                            INSERT INTO job_files (job_id, position, path, size, sha256, torrent_index, ed2k)
                            VALUES (:job, :position, :path, :size, :sha256, :index, :ed2k)
                            ON CONFLICT (job_id, position) DO NOTHING""")
                    .param("job", id.value())
                    .param("position", position++)
                    .param("path", file.path())
                    .param("size", file.size())
                    .param("sha256", file.sha256().hex())
                    .param("index", file.index())
                    .param("ed2k", file.ed2k() == null ? null : file.ed2k().hex())
                    .update();
        }
    }

    public List<StoredFile> files(JobId id) {
        return jdbc.sql("SELECT * FROM job_files WHERE job_id = :job ORDER BY position")
                .param("job", id.value())
                .query((ResultSet row, int n) -> StoredFiles.of(row))
                .list();
    }

    /** The job's source as JSON, as {@link #insert} stored it. */
    public Optional<String> sourceJson(JobId id) {
        return jdbc.sql("SELECT source::text FROM jobs WHERE id = :id").param("id", id.value())
                .query(String.class).optional();
    }

    public int countInFlight() {
        return jdbc.sql("SELECT count(*) FROM jobs WHERE status IN " + IN_FLIGHT).query(Integer.class).single();
    }
}

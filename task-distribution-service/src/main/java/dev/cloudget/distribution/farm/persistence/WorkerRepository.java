package dev.cloudget.distribution.farm.persistence;

import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.distribution.farm.WorkerStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@code workers} table. */
@Repository
public class WorkerRepository {

    private static final String COLUMNS =
            "id, address, free_disk_bytes, cpu_load, active_jobs, capacity, bytes_per_second, engines, last_seen_at";

    private final JdbcClient jdbc;

    WorkerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts or replaces the worker's row, unless a newer heartbeat is already recorded. */
    public void upsert(WorkerStatus worker) {
        jdbc.sql("""
                        INSERT INTO workers (id, address, free_disk_bytes, cpu_load, active_jobs, capacity,
                                             bytes_per_second, engines, last_seen_at)
                        VALUES (:id, :address, :freeDisk, :cpuLoad, :active, :capacity,
                                :bytesPerSecond, string_to_array(:engines, ','), :lastSeen)
                        ON CONFLICT (id) DO UPDATE SET
                            address = EXCLUDED.address,
                            free_disk_bytes = EXCLUDED.free_disk_bytes,
                            cpu_load = EXCLUDED.cpu_load,
                            active_jobs = EXCLUDED.active_jobs,
                            capacity = EXCLUDED.capacity,
                            bytes_per_second = EXCLUDED.bytes_per_second,
                            engines = EXCLUDED.engines,
                            last_seen_at = EXCLUDED.last_seen_at
                        WHERE workers.last_seen_at <= EXCLUDED.last_seen_at""")
                .param("id", worker.id())
                .param("address", worker.address().toString())
                .param("freeDisk", worker.freeDiskBytes())
                .param("cpuLoad", worker.cpuLoad())
                .param("active", worker.activeJobs())
                .param("capacity", worker.capacity())
                .param("bytesPerSecond", worker.bytesPerSecond())
                // string_to_array('', ',') is the empty array: a worker that runs no engine
                .param("engines", worker.engines().stream().map(Engine::name).collect(Collectors.joining(",")))
                .param("lastSeen", utc(worker.lastSeenAt()))
                .update();
    }

    public List<WorkerStatus> seenAfter(Instant since) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM workers WHERE last_seen_at > :since ORDER BY id")
                .param("since", utc(since))
                .query(WorkerRepository::map)
                .list();
    }

    public List<WorkerStatus> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM workers ORDER BY id").query(WorkerRepository::map).list();
    }

    private static WorkerStatus map(ResultSet row, int rowNumber) throws SQLException {
        return new WorkerStatus(row.getString("id"), URI.create(row.getString("address")),
                row.getLong("free_disk_bytes"), row.getDouble("cpu_load"), row.getInt("active_jobs"),
                row.getInt("capacity"), row.getLong("bytes_per_second"), engines(row.getArray("engines")),
                row.getObject("last_seen_at", OffsetDateTime.class).toInstant());
    }

    private static Set<Engine> engines(Array column) throws SQLException {
        return Engine.setOf(Arrays.stream((String[]) column.getArray()).map(Engine::valueOf).toList());
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}

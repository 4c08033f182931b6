package dev.cloudget.seeds.seed.persistence;

import dev.cloudget.contracts.FailureType;
import dev.cloudget.contracts.seeds.SeedId;
import dev.cloudget.contracts.seeds.SeedState;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.MagnetLinks;
import dev.cloudget.seeds.seed.Seed;
import dev.cloudget.seeds.seed.SeedFailure;
import dev.cloudget.seeds.torrent.TorrentFile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code torrents} and {@code torrent_files} tables. Changes of state are guarded ({@code … WHERE state = ?}),
 * so a change computed from a stale read fails instead of overwriting a newer one.
 */
@Repository
public class SeedStore {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    /** Files are written in batches of this many rows: a torrent may have 100,000. */
    private static final int FILE_BATCH = 1000;

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final JsonMapper json;

    SeedStore(JdbcClient jdbc, JdbcTemplate batches, JsonMapper json) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.json = json;
    }

    public Optional<Seed> find(SeedId id) {
        return withFiles(jdbc.sql("SELECT * FROM torrents WHERE seed_id = :id").param("id", id.value())
                .query(this::seed).optional());
    }

    /** Reads the seed and locks its row until the transaction ends. */
    public Optional<Seed> findForUpdate(SeedId id) {
        return withFiles(jdbc.sql("SELECT * FROM torrents WHERE seed_id = :id FOR UPDATE").param("id", id.value())
                .query(this::seed).optional());
    }

    /** Reads the seed of {@code infoHash} and locks its row until the transaction ends. */
    public Optional<Seed> findForUpdate(InfoHash infoHash) {
        return withFiles(jdbc.sql("SELECT * FROM torrents WHERE info_hash = :hash FOR UPDATE")
                .param("hash", infoHash.hex()).query(this::seed).optional());
    }

    /**
     * Inserts {@code seed} (with its metainfo bytes when READY) unless its info-hash is known already.
     *
     * @return false when another seed has that info-hash; nothing was written
     */
    public boolean insertIfAbsent(Seed seed, byte[] metainfo) {
        int inserted = jdbc.sql("""
                        INSERT INTO torrents (info_hash, seed_id, state, metainfo, name, total_size, piece_length,
                            trackers, web_seeds, magnet, deadline, failure_type, failure_detail, created_by,
                            created_at, updated_at)
                        VALUES (:hash, :id, :state, :metainfo, :name, :totalSize, :pieceLength,
                            CAST(:trackers AS jsonb), CAST(:webSeeds AS jsonb), :magnet, :deadline, :failureType,
                            :failureDetail, :createdBy, :createdAt, :updatedAt)
                        ON CONFLICT (info_hash) DO NOTHING""")
                .param("hash", seed.infoHash().hex())
                .param("id", seed.id().value())
                .param("metainfo", metainfo)
                .param("createdBy", seed.createdBy())
                .param("createdAt", timestamp(seed.createdAt()))
                .params(mutable(seed))
                .update();
        if (inserted == 1 && seed.ready()) {
            insertFiles(seed);
        }
        return inserted == 1;
    }

    /**
     * Writes {@code after} over {@code before}, which must still be the stored state; {@code metainfo} is stored
     * when not null (a seed becoming READY).
     *
     * @throws IllegalStateException when the seed changed since {@code before} was read
     */
    public void update(Seed before, Seed after, byte[] metainfo) {
        int updated = jdbc.sql("""
                        UPDATE torrents SET state = :state, metainfo = COALESCE(:metainfo, metainfo), name = :name,
                            total_size = :totalSize, piece_length = :pieceLength, trackers = CAST(:trackers AS jsonb),
                            web_seeds = CAST(:webSeeds AS jsonb), magnet = :magnet, deadline = :deadline,
                            failure_type = :failureType, failure_detail = :failureDetail, updated_at = :updatedAt
                        WHERE seed_id = :id AND state = :before""")
                .param("id", before.id().value())
                .param("before", before.state().name())
                .param("metainfo", metainfo)
                .params(mutable(after))
                .update();
        if (updated != 1) {
            throw new IllegalStateException("seed " + before.id() + " changed since it was read");
        }
        if (after.ready() && !before.ready()) {
            jdbc.sql("DELETE FROM torrent_files WHERE info_hash = :hash").param("hash", after.infoHash().hex()).update();
            insertFiles(after);
        }
    }

    /** The metainfo bytes of a READY seed, as received. */
    public Optional<byte[]> metainfo(SeedId id) {
        return jdbc.sql("SELECT metainfo FROM torrents WHERE seed_id = :id AND state = 'READY'")
                .param("id", id.value())
                .query((row, n) -> row.getBytes("metainfo"))
                .optional();
    }

    /** RESOLVING seeds whose deadline has passed, locked; another sweeper skips them. */
    public List<SeedId> lockExpired(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT seed_id FROM torrents WHERE state = 'RESOLVING' AND deadline <= :now
                        ORDER BY deadline LIMIT :limit FOR UPDATE SKIP LOCKED""")
                .param("now", timestamp(now))
                .param("limit", limit)
                .query((row, n) -> new SeedId(row.getObject("seed_id", UUID.class)))
                .list();
    }

    private Map<String, Object> mutable(Seed seed) {
        Map<String, Object> params = new HashMap<>();
        params.put("state", seed.state().name());
        params.put("name", seed.name());
        params.put("totalSize", seed.totalSize());
        params.put("pieceLength", seed.pieceLength());
        params.put("trackers", json.writeValueAsString(seed.trackers().stream().map(URI::toString).toList()));
        params.put("webSeeds", json.writeValueAsString(seed.webSeeds().stream().map(URI::toString).toList()));
        params.put("magnet", seed.magnet() == null ? null : seed.magnet().toMagnetUri());
        params.put("deadline", timestamp(seed.deadline()));
        params.put("failureType", seed.failure() == null ? null : seed.failure().type().slug());
        params.put("failureDetail", seed.failure() == null ? null : seed.failure().detail());
        params.put("updatedAt", timestamp(seed.updatedAt()));
        return params;
    }

    private void insertFiles(Seed seed) {
        batches.batchUpdate("INSERT INTO torrent_files (info_hash, idx, path, size, pad) VALUES (?, ?, ?, ?, ?)",
                seed.files(), FILE_BATCH, (statement, file) -> {
                    statement.setString(1, seed.infoHash().hex());
                    statement.setInt(2, file.index());
                    statement.setString(3, file.path());
                    statement.setLong(4, file.size());
                    statement.setBoolean(5, file.pad());
                });
    }

    private Optional<Seed> withFiles(Optional<Seed> seed) {
        return seed.map(found -> found.ready() ? withFiles(found) : found);
    }

    private Seed withFiles(Seed seed) {
        List<TorrentFile> files = jdbc.sql("SELECT idx, path, size, pad FROM torrent_files WHERE info_hash = :hash ORDER BY idx")
                .param("hash", seed.infoHash().hex())
                .query((row, n) -> new TorrentFile(row.getInt("idx"), row.getString("path"), row.getLong("size"),
                        row.getBoolean("pad")))
                .list();
        return new Seed(seed.id(), seed.infoHash(), seed.state(), seed.name(), seed.totalSize(), seed.pieceLength(),
                files, seed.trackers(), seed.webSeeds(), seed.magnet(), seed.deadline(), seed.failure(),
                seed.createdBy(), seed.createdAt(), seed.updatedAt());
    }

    private Seed seed(ResultSet row, int rowNum) throws SQLException {
        String failureType = row.getString("failure_type");
        String magnet = row.getString("magnet");
        return new Seed(
                new SeedId(row.getObject("seed_id", UUID.class)),
                new InfoHash(row.getString("info_hash")),
                SeedState.valueOf(row.getString("state")),
                row.getString("name"),
                row.getObject("total_size", Long.class),
                row.getObject("piece_length", Long.class),
                List.of(),
                urls(row.getString("trackers")),
                urls(row.getString("web_seeds")),
                magnet == null ? null : MagnetLinks.parse(magnet),
                instant(row, "deadline"),
                failureType == null ? null
                        : new SeedFailure(FailureType.ofSlug(failureType), row.getString("failure_detail")),
                row.getString("created_by"),
                instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private List<URI> urls(String array) {
        return json.readValue(array, STRINGS).stream().map(URI::create).toList();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

}

package dev.cloudget.worker;

import dev.cloudget.contracts.worker.Engine;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who this worker is and how much it takes on.
 *
 * @param id                worker id; blank means {@code <hostname>-<port>} (see {@link WorkerIdentity})
 * @param advertisedUrl     where task-distribution reaches {@code POST /internal/jobs}
 * @param capacity          jobs run at once; more are refused with 409
 * @param scratchDir        local scratch disk, reported as free space in heartbeats
 * @param heartbeatInterval how often the worker says it is alive
 * @param allowlist         non-public destinations that may still be fetched: CIDRs or exact {@code host:port}
 * @param checkpointInterval how much of a file is stored between two checkpoints (each a multipart part, at least
 *                          5 MB): the most a successor fetches again after this worker dies; a file shorter than two
 *                          intervals goes up as one {@code PUT} and starts over; 0 turns checkpoints off
 * @param engines           the engines this worker runs (HTTP, FTP, BitTorrent; all when not set): its heartbeats name
 *                          them, task-distribution places here only jobs one of them fetches, an assignment that needs
 *                          another is refused with 409, and a URL of an engine not run is never fetched
 * @param maxObjectSize     the largest file a job stores, and the largest torrent selection: a source declaring more
 *                          (Content-Length, FTP SIZE, a torrent's selected files, a Metalink or eD2k size) fails
 *                          {@code too-large} before a byte is stored, one of unknown length as soon as it sends more;
 *                          at most 5 TB, S3's largest object
 * @param jobDeadline       how long a job may run here, whatever it is doing: then it fails {@code deadline-exceeded}
 *                          and its slot is free. A trickle just above the throughput floor would otherwise hold the
 *                          slot for ever
 * @param stallTimeout      a download that receives nothing from its origin (or any peer) for this long, time spent
 *                          waiting on it, fails {@code stalled}
 */
@ConfigurationProperties("cloudget.worker")
public record WorkerProperties(
        String id,
        URI advertisedUrl,
        int capacity,
        Path scratchDir,
        Duration heartbeatInterval,
        List<String> allowlist,
        DataSize checkpointInterval,
        Set<Engine> engines,
        DataSize maxObjectSize,
        Duration jobDeadline,
        Duration stallTimeout) {

    /** S3's largest object: no store takes more. */
    public static final DataSize LARGEST_OBJECT = DataSize.ofTerabytes(5);

    public WorkerProperties {
        Objects.requireNonNull(advertisedUrl, "cloudget.worker.advertised-url");
        Objects.requireNonNull(scratchDir, "cloudget.worker.scratch-dir");
        if (capacity < 1) {
            throw new IllegalArgumentException("cloudget.worker.capacity must be at least 1: " + capacity);
        }
        heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(2) : heartbeatInterval;
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
        checkpointInterval = checkpointInterval == null ? DataSize.ofMegabytes(32) : checkpointInterval;
        if (checkpointInterval.toBytes() != 0 && checkpointInterval.toMegabytes() < 5) {
            throw new IllegalArgumentException("cloudget.worker.checkpoint-interval must be 0 or at least 5MB: "
                    + checkpointInterval);
        }
        maxObjectSize = maxObjectSize == null ? DataSize.ofGigabytes(64) : maxObjectSize;
        if (maxObjectSize.toBytes() < 1 || maxObjectSize.compareTo(LARGEST_OBJECT) > 0) {
            throw new IllegalArgumentException("cloudget.worker.max-object-size must be between 1B and 5TB: "
                    + maxObjectSize);
        }
        jobDeadline = positive("job-deadline", jobDeadline, Duration.ofHours(12));
        stallTimeout = positive("stall-timeout", stallTimeout, Duration.ofMinutes(3));
        engines = Engine.setOf(engines);
        if (engines.isEmpty()) {
            throw new IllegalArgumentException("cloudget.worker.engines must name at least one of " + Engine.ALL);
        }
    }

    private static Duration positive(String name, Duration value, Duration unset) {
        Duration duration = value == null ? unset : value;
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("cloudget.worker." + name + " must be positive: " + duration);
        }
        return duration;
    }
}

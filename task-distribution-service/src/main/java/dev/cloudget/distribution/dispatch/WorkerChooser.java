package dev.cloudget.distribution.dispatch;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Picks the worker for the next job: the highest score among the workers that can take it.
 * <p>
 * A worker can take the job when it has a free slot ({@code activeJobs < capacity}), has not just refused or left an
 * offer unanswered (passed over), and its free scratch disk holds the job's expected size where the source tells it
 * ({@link JobSizes}; a job of unknown size fits anywhere). Among those, with every term in [0, 1]:
 * <pre>
 *   score = 0.6 × free slots / capacity
 *         + 0.3 × (1 − CPU load)
 *         + 0.1 × free disk / the most free disk among the workers that can take the job
 * </pre>
 * and equal scores go to the lowest worker id, so the choice is deterministic. The share of slots free weighs most:
 * capacity is the worker's own word on how many jobs it runs well, and comparing shares rather than counts fills big
 * and small workers alike, in proportion to their capacity. CPU load moves a job away from a worker busy with work
 * its slots do not show (hashing, TLS, a neighbour on the machine). Free disk only tips close calls, and is measured
 * against the roomiest candidate so that no absolute size is built in; it must not draw every job to one large disk,
 * whose room the big jobs need.
 * <p>
 * Free disk is as the worker's last heartbeat measured it, less the expected sizes of the jobs handed to it in the
 * same round: it does not hold back what jobs already running will still write.
 * <p>
 * Not in the score yet, though the placement policy names them: throughput and supported engines. The heartbeat
 * ({@code WorkerHeartbeat}) carries neither, and it is the contract every worker sends, so they come with a change of
 * that contract, not guessed here. Every worker runs the same engines today (HTTP, FTP, BitTorrent, eD2k over its HTTP
 * sources), so there is nothing yet to filter on.
 */
final class WorkerChooser {

    private static final double SLOTS_WEIGHT = 0.6;
    private static final double CPU_WEIGHT = 0.3;
    private static final double DISK_WEIGHT = 0.1;

    private WorkerChooser() {
    }

    /**
     * @param size the job's expected size in bytes ({@link JobSizes#expectedSize}), empty when unknown
     * @return the worker to offer the job to; empty when no worker can take it
     */
    static Optional<Candidate> choose(Collection<Candidate> candidates, Predicate<String> passedOver,
            OptionalLong size) {
        List<Candidate> able = candidates.stream()
                .filter(Candidate::hasRoom)
                .filter(candidate -> candidate.fits(size))
                .filter(candidate -> !passedOver.test(candidate.id()))
                .toList();
        long mostFreeDisk = able.stream().mapToLong(Candidate::freeDiskBytes).max().orElse(0);
        return able.stream().min(Comparator
                .comparingDouble((Candidate candidate) -> -score(candidate, mostFreeDisk))
                .thenComparing(Candidate::id));
    }

    private static double score(Candidate candidate, long mostFreeDisk) {
        double cpuLoad = Math.clamp(candidate.cpuLoad(), 0.0, 1.0);
        double diskShare = mostFreeDisk <= 0 ? 0 : Math.max(0, (double) candidate.freeDiskBytes() / mostFreeDisk);
        return SLOTS_WEIGHT * candidate.freeSlotShare() + CPU_WEIGHT * (1 - cpuLoad) + DISK_WEIGHT * diskShare;
    }
}

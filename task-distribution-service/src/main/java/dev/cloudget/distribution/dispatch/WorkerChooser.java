package dev.cloudget.distribution.dispatch;

import dev.cloudget.contracts.worker.EngineNeeds;

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
 * offer unanswered (passed over), runs an engine for every file of the job's source ({@link EngineNeeds}: BitTorrent
 * for a torrent, HTTP or FTP for a link as its URL and mirrors allow), and its free scratch disk holds the job's
 * expected size where the source tells it ({@link JobSizes}; a job of unknown size fits anywhere). A job no worker can
 * take waits; one whose engine no live worker runs waits until a worker that runs it beats. Among those, with every
 * term in [0, 1]:
 * <pre>
 *   score = 0.5  × free slots / capacity
 *         + 0.25 × (1 − CPU load)
 *         + 0.15 × (1 − bytes per second per slot / the most bytes per second per slot among the workers that can
 *                                                   take the job)
 *         + 0.1  × free disk / the most free disk among the workers that can take the job
 * </pre>
 * and equal scores go to the lowest worker id, so the choice is deterministic.
 * <p>
 * The share of slots free weighs most, half the score: capacity is the worker's own word on how many jobs it runs
 * well, and comparing shares rather than counts fills big and small workers alike, in proportion to their capacity.
 * CPU load, a quarter, moves a job away from a worker busy with work its slots do not show (hashing, TLS, a neighbour
 * on the machine). Throughput moves a job away from a worker whose network its running jobs already keep busy, where
 * a new job would share the line. It weighs less than CPU load because it is the weaker evidence: the heartbeat says
 * what the worker fetched, not what its line could carry, so the figure is measured against the busiest candidate and
 * a worker whose jobs merely have fast origins looks as busy as one whose line is full; its whole range (0.15) tips
 * one slot of a worker of four (0.125), no more. It is taken per slot, as the line is assumed to grow with the
 * capacity the worker states: in total bytes a worker of twenty slots would always look busier than one of two, and
 * be passed over for what is only its size (in {@code PlacementSimulationTest}'s farm with every engine everywhere, a
 * light owner's large job waited at most 136 rounds with total bytes, 36 with bytes per slot, 38 with no throughput
 * term). With nothing fetched anywhere the term is the same for every worker. Free disk only tips close calls, and is measured against the roomiest candidate so that no absolute size is built
 * in; it must not draw every job to one large disk, whose room the big jobs need.
 * <p>
 * Free disk is as the worker's last heartbeat measured it, less the expected sizes of the jobs handed to it in the
 * same round: it does not hold back what jobs already running will still write. Throughput is as the last heartbeat
 * measured it: jobs handed out since have fetched nothing yet, and are counted by their slots.
 */
final class WorkerChooser {

    private static final double SLOTS_WEIGHT = 0.5;
    private static final double CPU_WEIGHT = 0.25;
    private static final double NETWORK_WEIGHT = 0.15;
    private static final double DISK_WEIGHT = 0.1;

    private WorkerChooser() {
    }

    /**
     * @param size  the job's expected size in bytes ({@link JobSizes#expectedSize}), empty when unknown
     * @param needs the engines the job's source can be fetched with ({@link EngineNeeds#of})
     * @return the worker to offer the job to; empty when no worker can take it
     */
    static Optional<Candidate> choose(Collection<Candidate> candidates, Predicate<String> passedOver,
            OptionalLong size, EngineNeeds needs) {
        List<Candidate> able = candidates.stream()
                .filter(Candidate::hasRoom)
                .filter(candidate -> candidate.runs(needs))
                .filter(candidate -> candidate.fits(size))
                .filter(candidate -> !passedOver.test(candidate.id()))
                .toList();
        long mostFreeDisk = able.stream().mapToLong(Candidate::freeDiskBytes).max().orElse(0);
        double mostThroughput = able.stream().mapToDouble(Candidate::bytesPerSecondPerSlot).max().orElse(0);
        return able.stream().min(Comparator
                .comparingDouble((Candidate candidate) -> -score(candidate, mostFreeDisk, mostThroughput))
                .thenComparing(Candidate::id));
    }

    private static double score(Candidate candidate, long mostFreeDisk, double mostThroughput) {
        double cpuLoad = Math.clamp(candidate.cpuLoad(), 0.0, 1.0);
        double diskShare = share(candidate.freeDiskBytes(), mostFreeDisk);
        double networkShare = share(candidate.bytesPerSecondPerSlot(), mostThroughput);
        return SLOTS_WEIGHT * candidate.freeSlotShare() + CPU_WEIGHT * (1 - cpuLoad)
                + NETWORK_WEIGHT * (1 - networkShare) + DISK_WEIGHT * diskShare;
    }

    /** {@code value} over the most among the candidates, in [0, 1]; 0 when no candidate has any. */
    private static double share(double value, double most) {
        return most <= 0 ? 0 : Math.clamp(value / most, 0.0, 1.0);
    }
}

package dev.cloudget.distribution.dispatch;

import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.contracts.worker.EngineNeeds;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ten workers of mixed capacity, CPU and disk drain 10,000 jobs of mixed sizes from several owners, round by round,
 * placed by {@link WorkerChooser} exactly as the dispatcher calls it (candidates from fresh heartbeats at the start of
 * a round, each placement counted on its worker with {@link Candidate#withJob}), with no server. Each round takes up to
 * {@link #BATCH} waiting jobs in per-owner turns, places them until no worker has a free slot, then running jobs
 * advance one round and those done finish. The turns are modelled here ({@link #inTurns}) after the order
 * {@code JobRepository.waiting} documents; that the query keeps it is shown against PostgreSQL in
 * {@code DistributionIT}.
 * <p>
 * A worker's heartbeat reports its idle CPU load plus {@link #CPU_PER_JOB} per job, as free disk what its running
 * jobs leave, each taking its whole size from the start, and as throughput what its jobs fetched in the round before,
 * each an equal share of its size per round it runs. Two workers run HTTP and FTP but not BitTorrent, and one job in
 * twenty is a magnet, which only the others may take. The chooser knows only the sizes the sources tell
 * ({@link JobSizes}): a job of unknown size (a plain link, a magnet; all small here) fits anywhere, and may crowd a
 * disk; how often is printed.
 * <p>
 * Prints the placement balance, the rounds each job waited and the time a placement decision takes.
 */
class PlacementSimulationTest {

    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    /** What a slot downloads in a round: a job runs one round plus one per this many bytes. */
    private static final long BYTES_PER_SLOT_ROUND = 2 * GIB;
    /** The dispatcher's default batch-size. */
    private static final int BATCH = 100;
    /**
     * Every job of the light owners has arrived by then: the first while the heavy owner's backlog lasts (some 570
     * rounds), the rest when slots are to spare.
     */
    private static final int ARRIVALS_OVER_ROUNDS = 1000;
    private static final double CPU_PER_JOB = 0.03;
    /** Jobs this large or larger fit only some workers' disks, and wait for room there. */
    private static final long LARGE = 8 * GIB;

    /** The engines of the two workers that join no swarm. */
    private static final Set<Engine> NO_BITTORRENT = Set.of(Engine.HTTP, Engine.FTP);

    @Test
    void tenWorkersDrainTenThousandJobsWithinCapacityDiskAndEnginesAndTheLightOwnersWaitHardlyAtAll() {
        Random random = new Random(8);
        List<Worker> workers = List.of(
                new Worker("w01", 2, 60 * GIB, 0.05, Engine.ALL),
                new Worker("w02", 4, 120 * GIB, 0.10, Engine.ALL),
                new Worker("w03", 4, 40 * GIB, 0.30, NO_BITTORRENT),
                new Worker("w04", 6, 200 * GIB, 0.15, Engine.ALL),
                new Worker("w05", 8, 100 * GIB, 0.50, NO_BITTORRENT),
                new Worker("w06", 8, 400 * GIB, 0.20, Engine.ALL),
                new Worker("w07", 10, 250 * GIB, 0.10, Engine.ALL),
                new Worker("w08", 12, 800 * GIB, 0.40, Engine.ALL),
                new Worker("w09", 16, 1000 * GIB, 0.05, Engine.ALL),
                new Worker("w10", 20, 2000 * GIB, 0.25, Engine.ALL));
        int slots = workers.stream().mapToInt(Worker::capacity).sum();

        // the heavy owner asks for 8,504 jobs at once, then one user for a single job; five light owners ask for
        // 299 each, one at a time, over the first 1,000 rounds
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 8504; i++) {
            jobs.add(job(jobs.size(), "heavy", 0, random));
        }
        jobs.add(job(jobs.size(), "solo", 0, random));
        for (int owner = 1; owner <= 5; owner++) {
            for (int i = 0; i < 299; i++) {
                jobs.add(job(jobs.size(), "light-" + owner, random.nextInt(ARRIVALS_OVER_ROUNDS), random));
            }
        }
        assertThat(jobs).hasSize(10_000);
        List<Job> arrivals = new ArrayList<>(jobs);
        arrivals.sort(Comparator.comparingInt(Job::arrival).thenComparingInt(Job::number));

        Map<String, List<Job>> queues = new LinkedHashMap<>();
        List<Long> decisionNanos = new ArrayList<>();
        int arrived = 0;
        int done = 0;
        int round = 0;
        int roundsWithJobsLeftWaiting = 0;
        double spareRoundsUtilisationSpread = 0;
        int spareRounds = 0;
        int overcommits = 0;
        while (done < jobs.size()) {
            assertThat(round).as("every job is placed and done in time").isLessThan(5000);
            while (arrived < arrivals.size() && arrivals.get(arrived).arrival() == round) {
                Job job = arrivals.get(arrived++);
                queues.computeIfAbsent(job.owner(), owner -> new ArrayList<>()).add(job);
            }

            Map<String, Candidate> candidates = new LinkedHashMap<>();
            workers.forEach(worker -> candidates.put(worker.id(), worker.heartbeat()));
            Set<Job> placed = new HashSet<>();
            for (Job job : inTurns(queues, BATCH)) {
                if (candidates.values().stream().noneMatch(Candidate::hasRoom)) {
                    break;
                }
                OptionalLong expected = JobSizes.expectedSize(job.source());
                long started = System.nanoTime();
                Optional<Candidate> choice = WorkerChooser.choose(candidates.values(), id -> false, expected,
                        EngineNeeds.of(job.source()));
                decisionNanos.add(System.nanoTime() - started);
                if (choice.isEmpty()) {
                    continue;
                }
                Worker worker = workers.stream().filter(known -> known.id().equals(choice.get().id())).findFirst()
                        .orElseThrow();
                if (expected.isPresent()) {
                    assertThat(job.size()).as("job %d fits the free disk %s last reported, less what it got since",
                            job.number(), worker.id()).isLessThanOrEqualTo(worker.knownFreeDisk());
                }
                if (job.source() instanceof MagnetSource) {
                    assertThat(worker.engines()).as("%s runs BitTorrent for magnet job %d", worker.id(), job.number())
                            .contains(Engine.BITTORRENT);
                }
                if (job.size() > worker.freeDisk()) {
                    overcommits++;
                }
                worker.start(job, expected, round);
                assertThat(worker.running()).as("%s within its capacity", worker.id()).hasSizeLessThanOrEqualTo(
                        worker.capacity());
                candidates.put(worker.id(), choice.get().withJob(expected));
                placed.add(job);
            }
            queues.values().forEach(queue -> queue.removeIf(placed::contains));
            queues.values().removeIf(List::isEmpty);

            boolean jobsLeftWaiting = !queues.isEmpty();
            if (jobsLeftWaiting) {
                roundsWithJobsLeftWaiting++;
            } else if (workers.stream().mapToInt(worker -> worker.running().size()).sum() < slots) {
                double[] utilisations = workers.stream().mapToDouble(Worker::utilisation).toArray();
                spareRoundsUtilisationSpread += Arrays.stream(utilisations).max().orElseThrow()
                        - Arrays.stream(utilisations).min().orElseThrow();
                spareRounds++;
            }
            for (Worker worker : workers) {
                worker.account(jobsLeftWaiting);
                done += worker.advance();
            }
            round++;
        }

        int busyRounds = roundsWithJobsLeftWaiting;
        double[] busyWhileWaiting = workers.stream()
                .mapToDouble(worker -> worker.busyWhileJobsWaited() / busyRounds).toArray();
        double leastBusy = Arrays.stream(busyWhileWaiting).min().orElseThrow();
        double mostBusy = Arrays.stream(busyWhileWaiting).max().orElseThrow();
        double[] jobsPerSlot = workers.stream().mapToDouble(worker -> worker.placed() / (double) worker.capacity())
                .toArray();
        Job solo = jobs.stream().filter(job -> job.owner().equals("solo")).findFirst().orElseThrow();
        int[] allWaits = jobs.stream().mapToInt(Job::waited).sorted().toArray();
        int[] heavyWaits = waits(jobs, "heavy", 0, Long.MAX_VALUE);
        int[] lightWaits = waits(jobs, "light-", 0, Long.MAX_VALUE);
        int[] lightSmallWaits = waits(jobs, "light-", 0, LARGE);
        int[] lightLargeWaits = waits(jobs, "light-", LARGE, Long.MAX_VALUE);
        long[] nanos = decisionNanos.stream().mapToLong(Long::longValue).sorted().toArray();

        System.out.printf("Placement simulation: %d workers (%d slots), %d jobs, %d rounds (%d with jobs left "
                + "waiting)%n", workers.size(), slots, jobs.size(), round, roundsWithJobsLeftWaiting);
        System.out.println("worker  slots  disk GiB  idle cpu  jobs  magnets  jobs/slot  util while waiting  "
                + "util overall  largest job GiB");
        for (Worker worker : workers) {
            System.out.printf("%-6s  %5d  %8d  %8.2f  %4d  %7d  %9.1f  %18.3f  %12.3f  %15.1f%n", worker.id(),
                    worker.capacity(), worker.disk() / GIB, worker.idleCpu(), worker.placed(), worker.magnets(),
                    worker.placed() / (double) worker.capacity(), worker.busyWhileJobsWaited() / busyRounds,
                    worker.busySlotRounds() / (double) (round * worker.capacity()), worker.largestJob() / (double) GIB);
        }
        System.out.printf("balance: utilisation while jobs waited min %.3f max %.3f (max/min %.3f); jobs per slot "
                        + "max/min %.2f; mean utilisation spread (max - min) in %d rounds with spare slots %.3f%n",
                leastBusy, mostBusy, mostBusy / leastBusy,
                Arrays.stream(jobsPerSlot).max().orElseThrow() / Arrays.stream(jobsPerSlot).min().orElseThrow(),
                spareRounds, spareRounds == 0 ? 0 : spareRoundsUtilisationSpread / spareRounds);
        System.out.println("rounds waited: " + latency("all", allWaits) + "; " + latency("heavy", heavyWaits) + "; "
                + latency("light", lightWaits) + " (under 8 GiB: " + latency("", lightSmallWaits) + ", larger: "
                + latency("", lightLargeWaits) + "); solo " + solo.waited());
        System.out.printf("placement decision (%d calls of WorkerChooser.choose): mean %.2f µs, median %.2f µs, "
                        + "p99 %.2f µs, max %.1f µs; placements whose bytes outgrew the worker's actual free disk "
                        + "(jobs of unknown size beside them): %d%n",
                nanos.length, Arrays.stream(nanos).average().orElseThrow() / 1000.0, percentile(nanos, 0.5) / 1000.0,
                percentile(nanos, 0.99) / 1000.0, nanos[nanos.length - 1] / 1000.0, overcommits);

        // every job placed once (none beyond its worker's capacity or known free disk: asserted as placed)
        assertThat(jobs).allSatisfy(job -> assertThat(job.placedAt()).isGreaterThanOrEqualTo(job.arrival()));
        assertThat(workers.stream().mapToInt(Worker::placed).sum()).isEqualTo(jobs.size());
        // balance: while jobs wait, every worker is kept busy, big or small
        assertThat(leastBusy).as("every worker's mean utilisation while jobs waited").isGreaterThanOrEqualTo(0.9);
        assertThat(mostBusy / leastBusy).as("most over least busy worker while jobs waited").isLessThanOrEqualTo(1.1);
        // fairness: the single job goes in the first round, and the light owners' jobs do not queue behind the heavy's
        assertThat(solo.placedAt()).isZero();
        assertThat(lightSmallWaits[lightSmallWaits.length - 1]).as("rounds a light owner's job under 8 GiB waited")
                .isLessThanOrEqualTo(1);
        assertThat(percentile(heavyWaits, 0.5)).as("median rounds a heavy owner's job waited").isGreaterThan(100);
    }

    /**
     * Up to {@code limit} waiting jobs in per-owner turns: every owner's oldest first (in the order they were asked
     * for), then every owner's second, and so on. {@code queues} holds each owner's waiting jobs, oldest first.
     */
    private static List<Job> inTurns(Map<String, List<Job>> queues, int limit) {
        List<Job> batch = new ArrayList<>();
        for (int turn = 0; batch.size() < limit; turn++) {
            List<Job> thisTurn = new ArrayList<>();
            for (List<Job> queue : queues.values()) {
                if (queue.size() > turn) {
                    thisTurn.add(queue.get(turn));
                }
            }
            if (thisTurn.isEmpty()) {
                break;
            }
            thisTurn.sort(Comparator.comparingInt(Job::arrival).thenComparingInt(Job::number));
            batch.addAll(thisTurn.subList(0, Math.min(thisTurn.size(), limit - batch.size())));
        }
        return batch;
    }

    /**
     * A job of a mixed size: half small (10 MiB to 1 GiB), 30 % medium (to 8 GiB), 15 % large (to 40 GiB, as much as
     * w03's whole disk), 5 % huge (to 150 GiB, more than w01's, w02's, w03's and w05's). A fifth of the small ones
     * tell no size: half of those are plain links, whose size is unknown until fetched, and half magnets, whose
     * metadata comes from peers; the others are eD2k links and Metalinks, which tell their size.
     */
    private static Job job(int number, String owner, int arrival, Random random) {
        double kind = random.nextDouble();
        long size;
        if (kind < 0.5) {
            size = 10 * MIB + (long) (random.nextDouble() * (GIB - 10 * MIB));
        } else if (kind < 0.8) {
            size = GIB + (long) (random.nextDouble() * 7 * GIB);
        } else if (kind < 0.95) {
            size = 8 * GIB + (long) (random.nextDouble() * 32 * GIB);
        } else {
            size = 40 * GIB + (long) (random.nextDouble() * 110 * GIB);
        }
        Source source;
        if (kind < 0.1) {
            source = number % 2 == 0 ? SourceMother.link(number) : SourceMother.magnet();
        } else if (number % 2 == 0) {
            source = SourceMother.ed2k(number, size);
        } else {
            source = SourceMother.metalink(size / 2, size - size / 2);
        }
        return new Job(number, owner, arrival, source, size);
    }

    /** The rounds each job of the owners named so waited, of the jobs from {@code from} bytes and under {@code to}. */
    private static int[] waits(List<Job> jobs, String ownerPrefix, long from, long to) {
        return jobs.stream()
                .filter(job -> job.owner().startsWith(ownerPrefix) && job.size() >= from && job.size() < to)
                .mapToInt(Job::waited).sorted().toArray();
    }

    private static String latency(String who, int[] sortedWaits) {
        return (who.isEmpty() ? "" : who + " ") + "n " + sortedWaits.length + " median " + percentile(sortedWaits, 0.5)
                + " p99 " + percentile(sortedWaits, 0.99) + " max " + sortedWaits[sortedWaits.length - 1];
    }

    private static int percentile(int[] sorted, double share) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
    }

    private static long percentile(long[] sorted, double share) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
    }

    /** A job to place, and when it was. */
    private static final class Job {

        private final int number;
        private final String owner;
        private final int arrival;
        private final Source source;
        private final long size;
        private int placedAt = -1;
        private int rounds;
        private int roundsLeft;

        Job(int number, String owner, int arrival, Source source, long size) {
            this.number = number;
            this.owner = owner;
            this.arrival = arrival;
            this.source = source;
            this.size = size;
        }

        int number() {
            return number;
        }

        String owner() {
            return owner;
        }

        int arrival() {
            return arrival;
        }

        Source source() {
            return source;
        }

        long size() {
            return size;
        }

        int placedAt() {
            return placedAt;
        }

        int waited() {
            return placedAt - arrival;
        }
    }

    /** A worker: what it runs, the disk its jobs take, and how busy it was. */
    private static final class Worker {

        private final String id;
        private final int capacity;
        private final long disk;
        private final double idleCpu;
        private final Set<Engine> engines;
        private final List<Job> running = new ArrayList<>();
        /** Free disk as its last heartbeat reported, less the known sizes of the jobs it got since. */
        private long knownFreeDisk;
        private int placed;
        private int magnets;
        private long busySlotRounds;
        private double busyWhileJobsWaited;
        private long largestJob;
        /** What its jobs fetched in the last round: its throughput, per round. */
        private long fetchedLastRound;

        Worker(String id, int capacity, long disk, double idleCpu, Set<Engine> engines) {
            this.id = id;
            this.capacity = capacity;
            this.disk = disk;
            this.idleCpu = idleCpu;
            this.engines = engines;
        }

        /** As its heartbeat would describe it now. */
        Candidate heartbeat() {
            knownFreeDisk = freeDisk();
            return new Candidate(id, URI.create("http://127.0.0.1:1/" + id), knownFreeDisk,
                    Math.min(1.0, idleCpu + CPU_PER_JOB * running.size()), running.size(), capacity,
                    fetchedLastRound, engines);
        }

        /** What its running jobs leave free, each job taking its whole size from the start. */
        long freeDisk() {
            return disk - running.stream().mapToLong(Job::size).sum();
        }

        long knownFreeDisk() {
            return knownFreeDisk;
        }

        double utilisation() {
            return running.size() / (double) capacity;
        }

        void start(Job job, OptionalLong expected, int round) {
            knownFreeDisk -= expected.orElse(0);
            job.placedAt = round;
            job.rounds = 1 + (int) (job.size() / BYTES_PER_SLOT_ROUND);
            job.roundsLeft = job.rounds;
            running.add(job);
            placed++;
            if (job.source() instanceof MagnetSource) {
                magnets++;
            }
            largestJob = Math.max(largestJob, job.size());
        }

        void account(boolean jobsLeftWaiting) {
            busySlotRounds += running.size();
            if (jobsLeftWaiting) {
                busyWhileJobsWaited += utilisation();
            }
        }

        /** One round of downloading. @return how many jobs finished */
        int advance() {
            fetchedLastRound = running.stream().mapToLong(job -> job.size() / job.rounds).sum();
            running.forEach(job -> job.roundsLeft--);
            int before = running.size();
            running.removeIf(job -> job.roundsLeft == 0);
            return before - running.size();
        }

        String id() {
            return id;
        }

        int capacity() {
            return capacity;
        }

        long disk() {
            return disk;
        }

        double idleCpu() {
            return idleCpu;
        }

        Set<Engine> engines() {
            return engines;
        }

        List<Job> running() {
            return running;
        }

        int placed() {
            return placed;
        }

        int magnets() {
            return magnets;
        }

        long busySlotRounds() {
            return busySlotRounds;
        }

        double busyWhileJobsWaited() {
            return busyWhileJobsWaited;
        }

        long largestJob() {
            return largestJob;
        }
    }
}

package dev.cloudget.distribution.dispatch;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The score, worked out by hand in each test: 0.6 × free slot share + 0.3 × (1 − CPU load) + 0.1 × free disk / the
 * most free disk among the workers that can take the job.
 */
class WorkerChooserTest {

    private static final long GIB = 1L << 30;
    private static final OptionalLong UNKNOWN = OptionalLong.empty();

    @Test
    void prefersTheWorkerWithMoreOfItsSlotsFree() {
        Candidate busy = worker("busy", 3, 4, 0.25, 50 * GIB);
        Candidate idle = worker("idle", 1, 4, 0.25, 50 * GIB);

        assertThat(choose(UNKNOWN, busy, idle)).map(Candidate::id).contains("idle");
    }

    @Test
    void comparesTheShareOfSlotsFreeNotTheirNumber() {
        // 6 of 16 free (0.375) against 3 of 4 (0.75)
        Candidate big = worker("big", 10, 16, 0.25, 50 * GIB);
        Candidate small = worker("small", 1, 4, 0.25, 50 * GIB);

        assertThat(choose(UNKNOWN, big, small)).map(Candidate::id).contains("small");
    }

    @Test
    void aMuchLowerCpuLoadOutweighsAQuarterOfTheSlots() {
        // cool: 0.6 × 0.5 + 0.3 × 1.0 = 0.60; hot: 0.6 × 0.75 + 0.3 × 0.1 = 0.48
        Candidate cool = worker("cool", 2, 4, 0.0, 50 * GIB);
        Candidate hot = worker("hot", 1, 4, 0.9, 50 * GIB);

        assertThat(choose(UNKNOWN, cool, hot)).map(Candidate::id).contains("cool");
    }

    @Test
    void butNotThreeQuartersOfThem() {
        // nearlyFull: 0.6 × 0.25 + 0.3 × 1.0 = 0.45; warmIdle: 0.6 × 1.0 + 0.3 × 0.4 = 0.72
        Candidate nearlyFull = worker("nearly-full", 3, 4, 0.0, 50 * GIB);
        Candidate warmIdle = worker("warm-idle", 0, 4, 0.6, 50 * GIB);

        assertThat(choose(UNKNOWN, nearlyFull, warmIdle)).map(Candidate::id).contains("warm-idle");
    }

    @Test
    void freeDiskTipsOtherwiseEqualWorkers() {
        Candidate small = worker("small", 0, 4, 0.5, GIB);
        Candidate roomy = worker("roomy", 0, 4, 0.5, 50 * GIB);

        assertThat(choose(UNKNOWN, small, roomy)).map(Candidate::id).contains("roomy");
    }

    @Test
    void freeDiskDoesNotOutweighAQuarterOfTheSlots() {
        // roomy: 0.6 × 0.5 + 0.1 × 1.0 = 0.40; slotted: 0.6 × 0.75 + 0.1 × 0.01 = 0.451 (same CPU term)
        Candidate roomy = worker("roomy", 2, 4, 0.5, 1000 * GIB);
        Candidate slotted = worker("slotted", 1, 4, 0.5, 10 * GIB);

        assertThat(choose(UNKNOWN, roomy, slotted)).map(Candidate::id).contains("slotted");
    }

    @Test
    void neverPicksAWorkerWhoseFreeDiskCannotHoldTheJob() {
        Candidate idleSmallDisk = worker("idle", 0, 4, 0.0, 10 * GIB);
        Candidate busyBigDisk = worker("busy", 3, 4, 0.9, 100 * GIB);

        assertThat(choose(OptionalLong.of(20 * GIB), idleSmallDisk, busyBigDisk)).map(Candidate::id).contains("busy");
        assertThat(choose(OptionalLong.of(10 * GIB), idleSmallDisk, busyBigDisk)).map(Candidate::id).contains("idle");
        assertThat(choose(UNKNOWN, idleSmallDisk, busyBigDisk)).map(Candidate::id).contains("idle");
    }

    @Test
    void choosesNobodyWhenNoWorkerWithAFreeSlotHoldsTheJob() {
        Candidate fullBigDisk = worker("full", 4, 4, 0.0, 500 * GIB);
        Candidate freeSmallDisk = worker("free", 0, 4, 0.0, 10 * GIB);

        assertThat(choose(OptionalLong.of(100 * GIB), fullBigDisk, freeSmallDisk)).isEmpty();
    }

    @Test
    void neverPicksAWorkerWithoutAFreeSlot() {
        Candidate full = worker("full", 4, 4, 0.0, 100 * GIB);
        Candidate overfull = worker("overfull", 5, 4, 0.0, 100 * GIB);
        Candidate drained = worker("drained", 0, 0, 0.0, 100 * GIB);

        assertThat(choose(UNKNOWN, full, overfull, drained)).isEmpty();
    }

    @Test
    void passesOverAWorkerThatJustRefused() {
        Candidate idle = worker("idle", 0, 4, 0.0, 100 * GIB);
        Candidate loaded = worker("loaded", 2, 4, 0.5, GIB);

        assertThat(WorkerChooser.choose(List.of(idle, loaded), Set.of("idle")::contains, UNKNOWN))
                .map(Candidate::id).contains("loaded");
    }

    @Test
    void countsTheSlotsAndDiskOfJobsHandedOutSinceTheLastHeartbeat() {
        Candidate a = worker("a", 1, 4, 0.0, 100 * GIB);
        Candidate b = worker("b", 2, 4, 0.0, 100 * GIB);
        assertThat(choose(UNKNOWN, a.withJob(UNKNOWN).withJob(UNKNOWN), b)).map(Candidate::id).contains("b");

        Candidate c = worker("c", 0, 4, 0.0, 50 * GIB);
        Candidate d = worker("d", 3, 4, 0.0, 50 * GIB);
        OptionalLong thirtyGib = OptionalLong.of(30 * GIB);
        assertThat(choose(thirtyGib, c.withJob(thirtyGib), d)).map(Candidate::id).contains("d");
    }

    @Test
    void breaksEqualScoresByWorkerId() {
        Candidate b = worker("b", 1, 4, 0.3, 20 * GIB);
        Candidate a = worker("a", 1, 4, 0.3, 20 * GIB);

        assertThat(choose(UNKNOWN, b, a)).map(Candidate::id).contains("a");
        assertThat(choose(UNKNOWN, a, b)).map(Candidate::id).contains("a");
    }

    @Test
    void choosesNobodyFromAnEmptyFarm() {
        assertThat(choose(UNKNOWN)).isEmpty();
    }

    private static Optional<Candidate> choose(OptionalLong size, Candidate... candidates) {
        return WorkerChooser.choose(List.of(candidates), id -> false, size);
    }

    private static Candidate worker(String id, int active, int capacity, double cpu, long freeDisk) {
        return new Candidate(id, URI.create("http://127.0.0.1:1/" + id), freeDisk, cpu, active, capacity);
    }
}

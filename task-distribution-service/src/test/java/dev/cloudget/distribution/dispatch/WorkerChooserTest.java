package dev.cloudget.distribution.dispatch;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerChooserTest {

    private static final long GIB = 1L << 30;

    @Test
    void picksTheWorkerUsingTheSmallestShareOfItsSlots() {
        Candidate busy = worker("busy", 3, 4, 0.1, 100 * GIB);
        Candidate big = worker("big", 4, 16, 0.9, GIB);

        assertThat(choose(busy, big)).map(Candidate::id).contains("big");
    }

    @Test
    void breaksEqualSlotUseByCpuLoad() {
        Candidate hot = worker("hot", 1, 4, 0.8, 100 * GIB);
        Candidate cool = worker("cool", 1, 4, 0.2, GIB);

        assertThat(choose(hot, cool)).map(Candidate::id).contains("cool");
    }

    @Test
    void breaksEqualSlotUseAndCpuLoadByMostFreeDisk() {
        Candidate small = worker("small", 0, 4, 0.5, GIB);
        Candidate roomy = worker("roomy", 0, 4, 0.5, 50 * GIB);

        assertThat(choose(small, roomy)).map(Candidate::id).contains("roomy");
    }

    @Test
    void neverPicksAWorkerWithoutAFreeSlot() {
        Candidate full = worker("full", 4, 4, 0.0, 100 * GIB);
        Candidate overfull = worker("overfull", 5, 4, 0.0, 100 * GIB);

        assertThat(choose(full, overfull)).isEmpty();
    }

    @Test
    void passesOverAWorkerThatJustRefused() {
        Candidate idle = worker("idle", 0, 4, 0.0, 100 * GIB);
        Candidate loaded = worker("loaded", 2, 4, 0.5, GIB);

        assertThat(WorkerChooser.choose(List.of(idle, loaded), Set.of("idle")::contains))
                .map(Candidate::id).contains("loaded");
    }

    @Test
    void countsJobsHandedOutSinceTheLastHeartbeat() {
        Candidate a = worker("a", 1, 4, 0.0, GIB);
        Candidate b = worker("b", 2, 4, 0.0, GIB);

        assertThat(choose(a.withOneMoreJob().withOneMoreJob(), b)).map(Candidate::id).contains("b");
    }

    @Test
    void choosesNobodyFromAnEmptyFarm() {
        assertThat(choose()).isEmpty();
    }

    private static Optional<Candidate> choose(Candidate... candidates) {
        return WorkerChooser.choose(List.of(candidates), id -> false);
    }

    private static Candidate worker(String id, int active, int capacity, double cpu, long freeDisk) {
        return new Candidate(id, URI.create("http://127.0.0.1:1/" + id), freeDisk, cpu, active, capacity);
    }
}

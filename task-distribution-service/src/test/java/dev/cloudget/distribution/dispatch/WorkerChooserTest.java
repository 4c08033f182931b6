package dev.cloudget.distribution.dispatch;

import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.worker.Engine;
import dev.cloudget.contracts.worker.EngineNeeds;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The score, worked out by hand in each test: 0.5 × free slot share + 0.25 × (1 − CPU load) + 0.15 × (1 − bytes per
 * second per slot / the most bytes per second per slot) + 0.1 × free disk / the most free disk, both among the workers
 * that can take the job. Workers run every engine and fetch nothing unless a test says otherwise; jobs are HTTP links unless one says.
 */
class WorkerChooserTest {

    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;
    private static final OptionalLong UNKNOWN = OptionalLong.empty();
    private static final EngineNeeds LINK = EngineNeeds.of(SourceMother.link(1));
    private static final EngineNeeds TORRENT = EngineNeeds.of(SourceMother.magnet());
    private static final Set<Engine> HTTP_AND_FTP = Set.of(Engine.HTTP, Engine.FTP);

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
        // cool: 0.5 × 0.5 + 0.25 × 1.0 = 0.50; hot: 0.5 × 0.75 + 0.25 × 0.1 = 0.40
        Candidate cool = worker("cool", 2, 4, 0.0, 50 * GIB);
        Candidate hot = worker("hot", 1, 4, 0.9, 50 * GIB);

        assertThat(choose(UNKNOWN, cool, hot)).map(Candidate::id).contains("cool");
    }

    @Test
    void butNotThreeQuartersOfThem() {
        // nearlyFull: 0.5 × 0.25 + 0.25 × 1.0 = 0.375; warmIdle: 0.5 × 1.0 + 0.25 × 0.4 = 0.60
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
        // roomy: 0.5 × 0.5 + 0.1 × 1.0 = 0.35; slotted: 0.5 × 0.75 + 0.1 × 0.01 = 0.376 (same CPU term)
        Candidate roomy = worker("roomy", 2, 4, 0.5, 1000 * GIB);
        Candidate slotted = worker("slotted", 1, 4, 0.5, 10 * GIB);

        assertThat(choose(UNKNOWN, roomy, slotted)).map(Candidate::id).contains("slotted");
    }

    @Test
    void prefersTheWorkerWhoseNetworkIsLessBusy() {
        Candidate busyLine = worker("busy-line", 1, 4, 0.3, 50 * GIB, 80 * MIB, Engine.ALL);
        Candidate quietLine = worker("quiet-line", 1, 4, 0.3, 50 * GIB, 10 * MIB, Engine.ALL);

        assertThat(choose(UNKNOWN, busyLine, quietLine)).map(Candidate::id).contains("quiet-line");
    }

    @Test
    void aBusyNetworkOutweighsOneSlotOfFourButNotTwo() {
        // busiest: 0.5 × 0.75 + 0.15 × (1 − 1) = 0.375; idle with one slot fewer: 0.5 × 0.5 + 0.15 × 1 = 0.40;
        // idle with two fewer: 0.5 × 0.25 + 0.15 × 1 = 0.275 (same CPU and disk terms)
        Candidate busiest = worker("busiest", 1, 4, 0.3, 50 * GIB, 100 * MIB, Engine.ALL);
        Candidate oneSlotFewer = worker("one-slot-fewer", 2, 4, 0.3, 50 * GIB, 0, Engine.ALL);
        Candidate twoSlotsFewer = worker("two-slots-fewer", 3, 4, 0.3, 50 * GIB, 0, Engine.ALL);

        assertThat(choose(UNKNOWN, busiest, oneSlotFewer)).map(Candidate::id).contains("one-slot-fewer");
        assertThat(choose(UNKNOWN, busiest, twoSlotsFewer)).map(Candidate::id).contains("busiest");
    }

    @Test
    void comparesThroughputPerSlotNotInTotal() {
        // big: 160 MiB/s over 16 slots is 10 per slot; small: 80 MiB/s over 4 is 20, the most. Half their slots free
        // each, same CPU and disk: big 0.5 × 0.5 + 0.15 × (1 − 0.5) = 0.325; small 0.5 × 0.5 + 0.15 × 0 = 0.25.
        // In total bytes big would be the busier, and small win by as much
        Candidate big = worker("big", 8, 16, 0.3, 50 * GIB, 160 * MIB, Engine.ALL);
        Candidate small = worker("small", 2, 4, 0.3, 50 * GIB, 80 * MIB, Engine.ALL);

        assertThat(choose(UNKNOWN, big, small)).map(Candidate::id).contains("big");
    }

    @Test
    void measuresThroughputOnlyAgainstTheWorkersThatCanTakeTheJob() {
        // the full worker fetches the most, but cannot take the job: among the others, 40 MiB/s is the busiest
        Candidate fullAndFast = worker("full", 4, 4, 0.3, 50 * GIB, 400 * MIB, Engine.ALL);
        Candidate slotted = worker("slotted", 1, 4, 0.3, 50 * GIB, 40 * MIB, Engine.ALL);
        Candidate quiet = worker("quiet", 2, 4, 0.3, 50 * GIB, 0, Engine.ALL);

        // slotted: 0.5 × 0.75 + 0.15 × 0 = 0.375; quiet: 0.5 × 0.5 + 0.15 × 1 = 0.40 (against 400 MiB/s, slotted
        // would have had 0.15 × 0.9 and won)
        assertThat(choose(UNKNOWN, fullAndFast, slotted, quiet)).map(Candidate::id).contains("quiet");
    }

    @Test
    void neverPlacesATorrentOnAWorkerWithoutBitTorrent() {
        Candidate idleHttpOnly = worker("idle-http", 0, 4, 0.0, 100 * GIB, 0, HTTP_AND_FTP);
        Candidate busyWithEveryEngine = worker("busy-all", 3, 4, 0.9, GIB, 90 * MIB, Engine.ALL);

        assertThat(choose(UNKNOWN, TORRENT, idleHttpOnly, busyWithEveryEngine)).map(Candidate::id)
                .contains("busy-all");
        assertThat(choose(UNKNOWN, LINK, idleHttpOnly, busyWithEveryEngine)).map(Candidate::id)
                .contains("idle-http");
    }

    @Test
    void aTorrentWaitsWhileNoWorkerRunsBitTorrent() {
        Candidate httpOnly = worker("http", 0, 4, 0.0, 100 * GIB, 0, Set.of(Engine.HTTP));
        Candidate httpAndFtp = worker("http-ftp", 0, 8, 0.0, 100 * GIB, 0, HTTP_AND_FTP);

        assertThat(choose(UNKNOWN, TORRENT, httpOnly, httpAndFtp)).isEmpty();
    }

    @Test
    void placesALinkOnAWorkerThatFetchesAnyOfItsUrls() {
        EngineNeeds ftpLink = EngineNeeds.of(new HttpSource(URI.create("ftp://files.example/a.iso")));
        EngineNeeds ftpLinkWithHttpMirror = EngineNeeds.of(new HttpSource(URI.create("ftp://files.example/a.iso"),
                List.of(URI.create("https://mirror.example/a.iso"))));
        Candidate httpOnly = worker("http", 0, 4, 0.0, 100 * GIB, 0, Set.of(Engine.HTTP));
        Candidate ftpOnlyBusy = worker("ftp", 3, 4, 0.9, 100 * GIB, 0, Set.of(Engine.FTP));

        assertThat(choose(UNKNOWN, ftpLink, httpOnly, ftpOnlyBusy)).map(Candidate::id).contains("ftp");
        assertThat(choose(UNKNOWN, ftpLinkWithHttpMirror, httpOnly, ftpOnlyBusy)).map(Candidate::id).contains("http");
        assertThat(choose(UNKNOWN, ftpLink, httpOnly)).isEmpty();
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

        assertThat(WorkerChooser.choose(List.of(idle, loaded), Set.of("idle")::contains, UNKNOWN, LINK))
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
        return choose(size, LINK, candidates);
    }

    private static Optional<Candidate> choose(OptionalLong size, EngineNeeds needs, Candidate... candidates) {
        return WorkerChooser.choose(List.of(candidates), id -> false, size, needs);
    }

    /** A worker that runs every engine and fetches nothing. */
    private static Candidate worker(String id, int active, int capacity, double cpu, long freeDisk) {
        return worker(id, active, capacity, cpu, freeDisk, 0, Engine.ALL);
    }

    private static Candidate worker(String id, int active, int capacity, double cpu, long freeDisk,
            long bytesPerSecond, Set<Engine> engines) {
        return new Candidate(id, URI.create("http://127.0.0.1:1/" + id), freeDisk, cpu, active, capacity,
                bytesPerSecond, engines);
    }
}

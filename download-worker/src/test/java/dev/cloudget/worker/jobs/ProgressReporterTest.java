package dev.cloudget.worker.jobs;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.worker.JobPhase;
import dev.cloudget.contracts.worker.JobProgressed;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressReporterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final List<JobProgressed> published = new ArrayList<>();
    private final Counter bytes = new SimpleMeterRegistry().counter("cloudget.download.bytes");
    private final ProgressReporter reporter = new ProgressReporter(JobId.random(), LeaseEpoch.FIRST, "w1", bytes,
            published::add,
            Clock.systemUTC(), Duration.ofSeconds(1), nanos::get);

    @Test
    void reportsAtMostOncePerIntervalWithTheRateSinceTheLastReport() {
        reporter.bytesRead(1000, 1000, 10_000);
        nanos.set(500_000_000);
        reporter.bytesRead(1000, 2000, 10_000);
        assertThat(published).isEmpty();

        nanos.set(1_000_000_000);
        reporter.bytesRead(2000, 4000, 10_000);
        nanos.set(1_500_000_000);
        reporter.bytesRead(1000, 5000, 10_000);
        nanos.set(3_000_000_000L);
        reporter.bytesRead(3000, 8000, 10_000);

        assertThat(published).extracting(JobProgressed::bytesDone).containsExactly(4000L, 8000L);
        assertThat(published).extracting(JobProgressed::bytesPerSecond).containsExactly(4000L, 2000L);
        assertThat(published).allSatisfy(event -> {
            assertThat(event.bytesTotal()).isEqualTo(10_000);
            assertThat(event.epoch()).isEqualTo(LeaseEpoch.FIRST);
            assertThat(event.phase()).isEqualTo(JobPhase.DOWNLOADING);
        });
    }

    @Test
    void aJobHandedOnWithACheckpointStandsThereUntilItSaysOtherwise() {
        reporter.standsAt(6000, 10_000);
        reporter.phase(JobPhase.CONNECTING);
        // the checkpoint could not be used: the download starts over
        nanos.set(1_000_000_000);
        reporter.bytesRead(1000, 1000, 10_000);

        assertThat(published).extracting(JobProgressed::bytesDone).containsExactly(6000L, 1000L);
        assertThat(published.getFirst().bytesTotal()).isEqualTo(10_000);
        assertThat(published.getLast().bytesPerSecond()).isZero();
    }

    @Test
    void reportsAPhaseAtOnceWithTheBytesLastReported() {
        reporter.phase(JobPhase.CONNECTING);
        nanos.set(1_000_000_000);
        reporter.bytesRead(4000, 4000, 10_000);
        reporter.phase(JobPhase.STORING);

        assertThat(published).extracting(JobProgressed::phase)
                .containsExactly(JobPhase.CONNECTING, JobPhase.DOWNLOADING, JobPhase.STORING);
        assertThat(published.getLast().bytesDone()).isEqualTo(4000);
    }

    @Test
    void aTorrentCheckingThePiecesItCarriesOnFromSaysSoUntilTheRestArrives() {
        reporter.phase(JobPhase.CONNECTING);
        reporter.verifying(6000, 10_000);
        nanos.set(1_000_000_000);
        reporter.bytesRead(1000, 7000, 10_000);

        assertThat(published).extracting(JobProgressed::phase)
                .containsExactly(JobPhase.CONNECTING, JobPhase.VERIFYING, JobPhase.DOWNLOADING);
        assertThat(published).extracting(JobProgressed::bytesDone).containsExactly(0L, 6000L, 7000L);
        assertThat(published.getLast().bytesPerSecond()).as("only the bytes fetched count").isEqualTo(1000);
    }

    @Test
    void countsEveryByteIntoTheDownloadMetric() {
        reporter.bytesRead(1000, 1000, -1);
        reporter.bytesRead(24, 1024, -1);

        assertThat(bytes.count()).isEqualTo(1024.0);
    }
}

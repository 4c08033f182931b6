package dev.cloudget.worker.heartbeat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class DownloadRateTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MIB = 1L << 20;

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicLong now = new AtomicLong(42 * SECOND);

    @Test
    void saysNothingFetchedBeforeAnyJobCountedAByte() {
        DownloadRate rate = new DownloadRate(meters, now::get);
        now.addAndGet(2 * SECOND);

        assertThat(rate.sinceLastReading()).isZero();
    }

    @Test
    void dividesWhatEveryJobFetchedSinceTheLastBeatByTheTimeBetween() {
        Counter downloaded = Counter.builder(DownloadRate.DOWNLOADED_BYTES).register(meters);
        downloaded.increment(100 * MIB);
        DownloadRate rate = new DownloadRate(meters, now::get);

        // two jobs' reads over two seconds
        downloaded.increment(6 * MIB);
        downloaded.increment(14 * MIB);
        now.addAndGet(2 * SECOND);
        assertThat(rate.sinceLastReading()).as("20 MiB in 2 s, not the 100 MiB counted before").isEqualTo(10 * MIB);

        downloaded.increment(MIB);
        now.addAndGet(SECOND / 2);
        assertThat(rate.sinceLastReading()).isEqualTo(2 * MIB);

        now.addAndGet(2 * SECOND);
        assertThat(rate.sinceLastReading()).as("an idle interval").isZero();
    }

    @Test
    void countsFromZeroWhenTheCounterAppearsAfterTheFirstReading() {
        DownloadRate rate = new DownloadRate(meters, now::get);
        Counter.builder(DownloadRate.DOWNLOADED_BYTES).register(meters).increment(4 * MIB);
        now.addAndGet(2 * SECOND);

        assertThat(rate.sinceLastReading()).isEqualTo(2 * MIB);
    }
}

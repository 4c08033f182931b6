package dev.cloudget.client.fetch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransferMeterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void peakIsTheFastestOneSecondStretchAndAverageIsOverTheWholeRun() {
        TransferMeter meter = new TransferMeter(0);
        meter.add(1_000);
        meter.sample(SECOND);
        meter.add(9_000);
        meter.sample(2 * SECOND);
        meter.add(2_000);

        assertThat(meter.peakBytesPerSecond(3 * SECOND)).isEqualTo(9_000);
        assertThat(meter.averageBytesPerSecond(3 * SECOND)).isEqualTo(4_000);
        assertThat(meter.transferred()).isEqualTo(12_000);
    }

    @Test
    void aTransferShorterThanASecondPeaksAtItsAverage() {
        TransferMeter meter = new TransferMeter(0);
        meter.add(500);

        assertThat(meter.peakBytesPerSecond(SECOND / 2)).isEqualTo(1_000);
    }
}

package dev.cloudget.worker.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThroughputFloorTest {

    private static final long SECOND = 1_000_000_000L;

    private final ThroughputFloor floor = new ThroughputFloor(1024, 60 * SECOND, 0);

    @Test
    void givesNoVerdictDuringTheFirstWindow() {
        assertThat(floor.tooSlow(30 * SECOND, 0)).isFalse();
        assertThat(floor.tooSlow(59 * SECOND, 10)).isFalse();
        assertThat(floor.lastBytesPerSecond()).isEqualTo(-1);
    }

    @Test
    void condemnsATrickleOnceAWholeWindowIsBelowTheFloor() {
        long bytes = 0;
        for (int second = 3; second < 60; second += 3) {
            bytes += 100;
            assertThat(floor.tooSlow(second * SECOND, bytes)).isFalse();
        }

        assertThat(floor.tooSlow(60 * SECOND, bytes + 100)).isTrue();
        assertThat(floor.lastBytesPerSecond()).isEqualTo(33);
    }

    @Test
    void keepsATransferAboveTheFloor() {
        for (int second = 3; second <= 300; second += 3) {
            assertThat(floor.tooSlow(second * SECOND, second * 2048L)).isFalse();
        }
        assertThat(floor.lastBytesPerSecond()).isEqualTo(2048);
    }

    @Test
    void averagesOverTheLastWindowOnlySoAnEarlyBurstDoesNotHideAStall() {
        assertThat(floor.tooSlow(10 * SECOND, 100L << 20)).isFalse();
        for (int second = 13; second < 70; second += 3) {
            assertThat(floor.tooSlow(second * SECOND, 100L << 20)).as("second %d", second).isFalse();
        }

        assertThat(floor.tooSlow(72 * SECOND, 100L << 20)).isTrue();
        assertThat(floor.lastBytesPerSecond()).isZero();
    }
}

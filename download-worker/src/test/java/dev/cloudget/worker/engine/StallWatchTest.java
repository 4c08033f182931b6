package dev.cloudget.worker.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StallWatchTest {

    private static final long MS = 1_000_000;
    private static final long STALL = 1_000 * MS;
    private static final long TICK = 50 * MS;

    @Test
    void stallsOnceNothingArrivedForTheTimeoutSpentWaiting() {
        StallWatch watch = new StallWatch(STALL, TICK, 0);

        assertThat(watch.stalled(TICK, TICK, 4096)).as("bytes arrived").isFalse();
        for (long t = 2 * TICK; t < TICK + STALL; t += TICK) {
            assertThat(watch.stalled(t, t, 4096)).as("silent for %d ms", (t - TICK) / MS).isFalse();
        }
        assertThat(watch.stalled(TICK + STALL, TICK + STALL, 4096)).isTrue();
    }

    @Test
    void keepsATransferWhoseBytesKeepComingHoweverSlowly() {
        StallWatch watch = new StallWatch(STALL, TICK, 0);

        for (long t = TICK, bytes = 1; t < 10 * STALL; t += TICK, bytes += t % STALL == 0 ? 1 : 0) {
            assertThat(watch.stalled(t, t, bytes)).isFalse();
        }
    }

    @Test
    void timeNotSpentWaitingOnTheOriginDoesNotCount() {
        StallWatch watch = new StallWatch(STALL, TICK, 0);

        // the sink stores a part for ten stall timeouts: the origin is not asked for anything meanwhile
        for (long t = TICK; t < 10 * STALL; t += TICK) {
            assertThat(watch.stalled(t, 0, 4096)).isFalse();
        }
    }

    @Test
    void startsOverAfterTheWorkerItselfStoodStill() {
        StallWatch watch = new StallWatch(STALL, TICK, 0);
        assertThat(watch.stalled(TICK, TICK, 4096)).isFalse();

        // paused for 20 s (SIGSTOP) while blocked on a read: the clocks ran on, nobody waited
        long resumed = TICK + 20_000 * MS;
        assertThat(watch.stalled(resumed, resumed, 4096)).isFalse();
        for (long t = resumed + TICK; t < resumed + STALL; t += TICK) {
            assertThat(watch.stalled(t, t, 4096)).as("%d ms after resuming", (t - resumed) / MS).isFalse();
        }
        assertThat(watch.stalled(resumed + STALL, resumed + STALL, 4096)).as("a whole timeout after").isTrue();
    }
}

package dev.cloudget.worker.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OriginClockTest {

    private static final long SECOND = 1_000_000_000L;

    private final OriginClock clock = new OriginClock();

    @Test
    void countsOnlyTheTimeSpentWaitingOnTheOrigin() {
        clock.blocked(0);
        clock.unblocked(2 * SECOND);
        // ten seconds in the sink (a part upload), then another read
        clock.blocked(12 * SECOND);
        clock.unblocked(13 * SECOND);

        assertThat(clock.elapsed(60 * SECOND)).isEqualTo(3 * SECOND);
    }

    @Test
    void countsAWaitStillUnderWay() {
        clock.blocked(0);
        clock.unblocked(SECOND);
        clock.blocked(5 * SECOND);

        assertThat(clock.elapsed(9 * SECOND)).isEqualTo(5 * SECOND);
    }

    @Test
    void standsStillWhileNobodyWaitsOnTheOrigin() {
        assertThat(clock.elapsed(30 * SECOND)).isZero();

        clock.unblocked(40 * SECOND);

        assertThat(clock.elapsed(50 * SECOND)).isZero();
    }
}

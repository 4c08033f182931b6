package dev.cloudget.statistics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SeriesTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static Period hours(long hours) {
        return new Period(START, START.plus(Duration.ofHours(hours)));
    }

    @Test
    void aPeriodEndsAfterItStartsIsNoLongerThanAllowedAndLiesWithinThePastAndThisMillennium() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Period(START, START));
        assertThatIllegalArgumentException().isThrownBy(() -> new Period(START, START.minusSeconds(1)))
                .withMessageContaining("before");
        assertThatCode(() -> hours(24).atMost(Duration.ofDays(1))).doesNotThrowAnyException();
        assertThatIllegalArgumentException().isThrownBy(() -> hours(25).atMost(Duration.ofDays(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Period(Instant.parse("+100000-01-01T00:00:00Z"),
                Instant.parse("+100000-01-02T00:00:00Z")));
    }

    @Test
    void countsAPartialLastBucket() {
        assertThat(new Series(hours(3), Duration.ofHours(1)).buckets()).isEqualTo(3);
        assertThat(new Series(new Period(START, START.plus(Duration.ofMinutes(181))), Duration.ofHours(1)).buckets())
                .isEqualTo(4);
        assertThat(new Series(hours(3), Duration.ofHours(1)).start(2)).isEqualTo(START.plus(Duration.ofHours(2)));
    }

    @Test
    void refusesMoreBucketsThanServed() {
        Series byMinute = new Series(hours(24), Duration.ofMinutes(1));

        assertThatIllegalArgumentException().isThrownBy(() -> byMinute.atMost(1000)).withMessageContaining("1440");
        assertThatCode(() -> byMinute.atMost(1440)).doesNotThrowAnyException();
    }

    @Test
    void refusesAStepShorterThanAMinuteLongerThanAWeekOrOfFractionalSeconds() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Series(hours(1), Duration.ofSeconds(59)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Series(hours(1), Duration.ofDays(7).plusSeconds(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> new Series(hours(1), Duration.ofMillis(60_500)));
        assertThatCode(() -> new Series(hours(1), Duration.ofDays(7))).doesNotThrowAnyException();
    }

    @Test
    void readsAnEmptyBucketAsZeroForCountsAndNullForRatesAndSpeeds() {
        assertThat(ValueKind.COUNT.of(null)).isEqualTo(0L);
        assertThat(ValueKind.RATE.of(null)).isNull();
        assertThat(ValueKind.SPEED.of(null)).isNull();
        assertThat(ValueKind.SPEED.of(1234.5)).isEqualTo(1235L);
    }
}

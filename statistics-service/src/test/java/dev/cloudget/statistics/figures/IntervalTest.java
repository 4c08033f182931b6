package dev.cloudget.statistics.figures;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class IntervalTest {

    @Test
    void readsIsoDurationsAndTheWordsForTheCommonOnes() {
        assertThat(Interval.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Interval.parse("P1D")).isEqualTo(Duration.ofDays(1));
        assertThat(Interval.parse("hour")).isEqualTo(Duration.ofHours(1));
        assertThat(Interval.parse("Day")).isEqualTo(Duration.ofDays(1));
        assertThat(Interval.parse("week")).isEqualTo(Duration.ofDays(7));
        assertThat(Interval.parse(null)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void refusesAnythingElse() {
        assertThatIllegalArgumentException().isThrownBy(() -> Interval.parse("fortnight"))
                .withMessageContaining("ISO-8601");
    }

    @Test
    void namesEveryMetricAndRefusesAnUnknownOneListingTheKnown() {
        assertThat(Metric.named("p95Speed")).isEqualTo(Metric.P95_SPEED);
        assertThat(Metric.named("downloadBytes")).isEqualTo(Metric.DOWNLOAD_BYTES);
        assertThatIllegalArgumentException().isThrownBy(() -> Metric.named("happiness"))
                .withMessageContaining("successRate");
        for (Metric metric : Metric.values()) {
            assertThat(metric.task() == null).as(metric.publicName()).isNotEqualTo(metric.download() == null);
        }
    }
}

package dev.cloudget.worker;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerPropertiesTest {

    @Test
    void boundsEveryJobByDefault() {
        WorkerProperties defaults = with(null, null, null);

        assertThat(defaults.maxObjectSize()).isEqualTo(DataSize.ofGigabytes(64));
        assertThat(defaults.jobDeadline()).isEqualTo(Duration.ofHours(12));
        assertThat(defaults.stallTimeout()).isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void refusesAMaximumObjectSizeNoStoreHolds() {
        assertThat(with(DataSize.ofTerabytes(5), null, null).maxObjectSize().toBytes()).isEqualTo(5L << 40);
        assertThatThrownBy(() -> with(DataSize.ofBytes((5L << 40) + 1), null, null))
                .hasMessageContaining("cloudget.worker.max-object-size");
        assertThatThrownBy(() -> with(DataSize.ofBytes(0), null, null))
                .hasMessageContaining("cloudget.worker.max-object-size");
    }

    @Test
    void refusesADeadlineOrStallTimeoutThatIsNotPositive() {
        assertThatThrownBy(() -> with(null, Duration.ZERO, null)).hasMessageContaining("cloudget.worker.job-deadline");
        assertThatThrownBy(() -> with(null, null, Duration.ofSeconds(-1)))
                .hasMessageContaining("cloudget.worker.stall-timeout");
    }

    private static WorkerProperties with(DataSize maxObjectSize, Duration jobDeadline, Duration stallTimeout) {
        return new WorkerProperties("w", URI.create("http://127.0.0.1:8085"), 1, Path.of("scratch"), null, null, null,
                null, maxObjectSize, jobDeadline, stallTimeout);
    }
}

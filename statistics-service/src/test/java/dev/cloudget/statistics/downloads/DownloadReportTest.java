package dev.cloudget.statistics.downloads;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DownloadReportTest {

    private static DownloadReport report(long fileSize, long bytes, Duration duration, int connections) {
        return new DownloadReport(UUID.randomUUID(), UUID.randomUUID(), fileSize, bytes, duration, 1_000, 2_000,
                connections, DownloadResult.SUCCESS, null, false, "cloudget-cli/0.1.0");
    }

    @Test
    void acceptsFewerBytesThanTheFileWhenResumedAndUpToTwiceTheFileWhenSegmentsWereFetchedAgain() {
        assertThatCode(() -> report(1_000, 10, Duration.ofSeconds(1), 1)).doesNotThrowAnyException();
        assertThatCode(() -> report(1_000, 2_000, Duration.ofSeconds(1), 64)).doesNotThrowAnyException();
        assertThatCode(() -> report(0, 0, Duration.ofMillis(1), 1)).doesNotThrowAnyException();
    }

    @Test
    void refusesMoreThanTwiceTheFileOrNegativeFigures() {
        assertThatIllegalArgumentException().isThrownBy(() -> report(1_000, 2_001, Duration.ofSeconds(1), 1))
                .withMessageContaining("bytes");
        assertThatIllegalArgumentException().isThrownBy(() -> report(1_000, -1, Duration.ofSeconds(1), 1));
        assertThatIllegalArgumentException().isThrownBy(() -> report(-1, 0, Duration.ofSeconds(1), 1))
                .withMessageContaining("fileSize");
        assertThatIllegalArgumentException().isThrownBy(() -> report(DownloadReport.MAX_FILE_SIZE + 1, 0,
                Duration.ofSeconds(1), 1));
    }

    @Test
    void refusesADurationOfNothingOrOfMoreThanThirtyDays() {
        assertThatIllegalArgumentException().isThrownBy(() -> report(1, 1, Duration.ZERO, 1))
                .withMessageContaining("durationMillis");
        assertThatCode(() -> report(1, 1, Duration.ofDays(30), 1)).doesNotThrowAnyException();
        assertThatIllegalArgumentException().isThrownBy(() -> report(1, 1, Duration.ofDays(30).plusMillis(1), 1));
    }

    @Test
    void refusesConnectionsOutsideOneToSixtyFour() {
        assertThatIllegalArgumentException().isThrownBy(() -> report(1, 1, Duration.ofSeconds(1), 0));
        assertThatIllegalArgumentException().isThrownBy(() -> report(1, 1, Duration.ofSeconds(1), 65))
                .withMessageContaining("connections");
    }

    @Test
    void refusesAnErrorOrClientLongerThanTheirLimit() {
        UUID task = UUID.randomUUID();
        assertThatIllegalArgumentException().isThrownBy(() -> new DownloadReport(task, task, 1, 1,
                Duration.ofSeconds(1), 1, 1, 1, DownloadResult.FAILURE, "e".repeat(2001), false, null));
        assertThatIllegalArgumentException().isThrownBy(() -> new DownloadReport(task, task, 1, 1,
                Duration.ofSeconds(1), 1, 1, 1, DownloadResult.FAILURE, null, false, "c".repeat(101)));
        assertThatCode(() -> new DownloadReport(task, task, 1, 1, Duration.ofSeconds(1), 1, 1, 1,
                DownloadResult.FAILURE, "e".repeat(2000), false, "c".repeat(100))).doesNotThrowAnyException();
    }

    @Test
    void knowsOnlyTheThreeResults() {
        assertThatIllegalArgumentException().isThrownBy(() -> DownloadResult.of("success"))
                .withMessageContaining("SUCCESS, FAILURE, INTERRUPTED");
        assertThatCode(() -> DownloadResult.of("INTERRUPTED")).doesNotThrowAnyException();
    }
}

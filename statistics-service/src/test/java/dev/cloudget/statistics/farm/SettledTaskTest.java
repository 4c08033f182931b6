package dev.cloudget.statistics.farm;

import dev.cloudget.contracts.tasks.TaskSettled;
import dev.cloudget.statistics.TaskSettledMother;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SettledTaskTest {

    private static final Instant NOON = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void fetchSpeedIsTheBytesOverTheTimeFromSubmissionToOutcome() {
        SettledTask task = SettledTask.of(TaskSettledMother.fetched("u", 3_000_000, Duration.ofSeconds(120), NOON));

        assertThat(task.fetchBytesPerSecond()).isEqualTo(25_000);
        assertThat(task.answeredFromStore()).isFalse();
    }

    @Test
    void contentFetchedAgainBecauseItChangedCountsAsAFetchNotADedupHit() {
        SettledTask task = SettledTask.of(TaskSettledMother.completed("u", "http", "changed", 1_000,
                Duration.ofSeconds(2), NOON));

        assertThat(task.fetchBytesPerSecond()).isEqualTo(500);
        assertThat(task.answeredFromStore()).isFalse();
    }

    @Test
    void storedOrRevalidatedContentIsADedupHitWithoutFetchSpeed() {
        for (String reuse : new String[] {"stored", "revalidated"}) {
            SettledTask task = SettledTask.of(TaskSettledMother.completed("u", "http", reuse, 1_000,
                    Duration.ofSeconds(2), NOON));

            assertThat(task.answeredFromStore()).as(reuse).isTrue();
            assertThat(task.fetchBytesPerSecond()).as(reuse).isNull();
        }
    }

    @Test
    void aFailedTaskHasNeitherSpeedNorDedupHit() {
        SettledTask task = SettledTask.of(TaskSettledMother.failed("u", "ftp", NOON));

        assertThat(task.fetchBytesPerSecond()).isNull();
        assertThat(task.answeredFromStore()).isFalse();
    }

    @Test
    void noTimeBetweenSubmissionAndOutcomeGivesNoSpeedRatherThanInfinity() {
        SettledTask task = SettledTask.of(TaskSettledMother.fetched("u", 1_000, Duration.ZERO, NOON));

        assertThat(task.fetchBytesPerSecond()).isNull();
    }

    @Test
    void aTaskWithoutSourceTypeIsCountedAsUnknownAndOneWithAnUnknownOutcomeIsRefused() {
        TaskSettled untyped = new TaskSettled(UUID.randomUUID(), "u", null, TaskSettled.COMPLETED, null, 1, null,
                null, null, NOON.minusSeconds(1), NOON);
        TaskSettled cancelled = new TaskSettled(UUID.randomUUID(), "u", "http", "CANCELLED", null, 1, null,
                null, null, NOON.minusSeconds(1), NOON);

        assertThat(SettledTask.of(untyped).sourceType()).isEqualTo("unknown");
        assertThatIllegalArgumentException().isThrownBy(() -> SettledTask.of(cancelled));
    }
}

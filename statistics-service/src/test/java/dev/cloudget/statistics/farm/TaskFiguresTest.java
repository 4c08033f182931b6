package dev.cloudget.statistics.farm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TaskFiguresTest {

    @Test
    void ratesAreNullWhenThereIsNothingToDivide() {
        assertThat(TaskFigures.NONE.successRate()).isNull();
        assertThat(TaskFigures.NONE.dedupHitRate()).isNull();
        TaskFigures onlyFailures = new TaskFigures(3, 0, 3, 0, 0, null, null);
        assertThat(onlyFailures.successRate()).isEqualTo(0.0);
        assertThat(onlyFailures.dedupHitRate()).isNull();
    }

    @Test
    void successIsCompletedOverSettledAndDedupIsStoreAnswersOverCompleted() {
        TaskFigures figures = new TaskFigures(8, 4, 4, 100, 1, 10L, 20L);

        assertThat(figures.successRate()).isEqualTo(0.5);
        assertThat(figures.dedupHitRate()).isEqualTo(0.25);
    }
}

package dev.cloudget.worker.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SegmentPlanTest {

    @Test
    void handsOutChunksInFileOrderFromWhereTheOtherWayStopped() throws Exception {
        SegmentPlan plan = new SegmentPlan(400, 1000, 250, 10);

        SegmentPlan.Segment first = plan.take().orElseThrow();
        SegmentPlan.Segment second = plan.take().orElseThrow();
        SegmentPlan.Segment third = plan.take().orElseThrow();

        assertThat(first.start).isEqualTo(400);
        assertThat(plan.end(first)).isEqualTo(650);
        assertThat(second.start).isEqualTo(650);
        assertThat(plan.end(second)).isEqualTo(900);
        assertThat(third.start).isEqualTo(900);
        assertThat(plan.end(third)).isEqualTo(1000);
    }

    @Test
    void theGapFreePrefixGrowsOnlyAcrossFinishedSegments() throws Exception {
        SegmentPlan plan = new SegmentPlan(0, 300, 100, 10);
        SegmentPlan.Segment first = plan.take().orElseThrow();
        SegmentPlan.Segment second = plan.take().orElseThrow();
        write(plan, second, 100);
        write(plan, first, 50);

        assertThat(plan.awaitPrefix(0)).isEqualTo(50);

        write(plan, first, 50);
        assertThat(plan.awaitPrefix(50)).as("the first segment done, the second too").isEqualTo(200);
    }

    @Test
    void onceAllIsHandedOutAFinishedConnectionStealsHalfOfTheLargestRestButNothingBeingWritten() throws Exception {
        SegmentPlan plan = new SegmentPlan(0, 1000, 500, 10);
        SegmentPlan.Segment first = plan.take().orElseThrow();
        SegmentPlan.Segment second = plan.take().orElseThrow();
        write(plan, second, 500);
        // the first segment has 500 left; 100 of them are claimed by its connection right now
        assertThat(plan.claim(first, 100)).isEqualTo(100);

        SegmentPlan.Segment stolen = plan.take().orElseThrow();

        assertThat(stolen.start).isEqualTo(300);
        assertThat(plan.end(stolen)).isEqualTo(500);
        assertThat(plan.end(first)).isEqualTo(300);
    }

    @Test
    void withPiecesAStolenHalfStartsOnAPieceBoundarySoEachPieceHasOneWriter() throws Exception {
        SegmentPlan plan = new SegmentPlan(0, 1000, 500, 10, 64);
        SegmentPlan.Segment first = plan.take().orElseThrow();
        SegmentPlan.Segment second = plan.take().orElseThrow();
        write(plan, second, 500);
        plan.claim(first, 100);

        SegmentPlan.Segment stolen = plan.take().orElseThrow();

        assertThat(stolen.start).as("300 rounded down to a multiple of 64").isEqualTo(256);
        assertThat(plan.end(first)).isEqualTo(256);
    }

    @Test
    void restsSmallerThanTwoMinimumSegmentsAreNotSplit() throws Exception {
        SegmentPlan plan = new SegmentPlan(0, 100, 100, 40);
        SegmentPlan.Segment only = plan.take().orElseThrow();
        write(plan, only, 30);

        assertThat(plan.take()).isEmpty();
    }

    @Test
    void aFailureWakesTheReader() throws Exception {
        SegmentPlan plan = new SegmentPlan(0, 100, 100, 10);
        plan.take();
        plan.fail(new IllegalStateException("gone"));

        assertThat(plan.awaitPrefix(0)).isZero();
        assertThat(plan.failure()).hasMessage("gone");
    }

    @Test
    void noChunkEndsMoreThanAWindowBeyondWhatTheReaderTookUntilItTakesMore() throws Exception {
        SegmentPlan plan = new SegmentPlan(0, 1000, 100, 10);
        plan.limitAhead(200);
        plan.take();
        plan.take();
        CompletableFuture<SegmentPlan.Segment> third = takeAsync(plan);

        await().atMost(Duration.ofSeconds(5)).until(plan::holdsBack);
        assertThat(third).isNotDone();
        plan.consumed(100);
        assertThat(third).succeedsWithin(Duration.ofSeconds(5)).satisfies(segment -> assertThat(segment.start)
                .isEqualTo(200));
    }

    @Test
    void withAWindowOfCheckpointsOnlyACheckpointLetsTheNextChunkStart() throws Exception {
        SegmentPlan plan = new SegmentPlan(0, 1000, 100, 10);
        plan.limitAheadOfCheckpoints(250, 0);
        plan.take();
        plan.take();
        CompletableFuture<SegmentPlan.Segment> third = takeAsync(plan);

        await().atMost(Duration.ofSeconds(5)).until(plan::holdsBack);
        plan.consumed(1000);
        assertThat(plan.holdsBack()).as("what the reader took moves no window of checkpoints").isTrue();
        assertThat(third).isNotDone();
        plan.checkpointed(50);
        assertThat(third).succeedsWithin(Duration.ofSeconds(5)).satisfies(segment -> assertThat(segment.start)
                .isEqualTo(200));
    }

    @Test
    void aWindowSmallerThanAChunkIsRefused() {
        SegmentPlan plan = new SegmentPlan(0, 1000, 100, 10);

        assertThatThrownBy(() -> plan.limitAheadOfCheckpoints(99, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static CompletableFuture<SegmentPlan.Segment> takeAsync(SegmentPlan plan) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return plan.take().orElseThrow();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
    }

    private static void write(SegmentPlan plan, SegmentPlan.Segment segment, int count) {
        assertThat(plan.claim(segment, count)).isEqualTo(count);
        plan.written(segment);
    }
}

package dev.cloudget.worker.engine;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentPlanTest {

    @Test
    void splitsTheFileIntoNearlyEqualSegmentsThatCoverIt() {
        SegmentPlan plan = new SegmentPlan(1000, 10);
        List<SegmentPlan.Segment> segments = plan.split(3);

        assertThat(segments).extracting(s -> s.start).containsExactly(0L, 333L, 666L);
        assertThat(plan.end(segments.getLast())).isEqualTo(1000);
    }

    @Test
    void bytesThatWentByAnotherWayAreNeitherSplitNorWaitedFor() throws Exception {
        SegmentPlan plan = new SegmentPlan(400, 1000, 10);
        List<SegmentPlan.Segment> segments = plan.split(2);

        assertThat(segments).extracting(s -> s.start).containsExactly(400L, 700L);
        write(plan, segments.get(0), 10);
        assertThat(plan.awaitPrefix(400)).isEqualTo(410);
    }

    @Test
    void theGapFreePrefixGrowsOnlyAcrossFinishedSegments() throws Exception {
        SegmentPlan plan = new SegmentPlan(300, 10);
        List<SegmentPlan.Segment> segments = plan.split(3);
        write(plan, segments.get(1), 100);
        write(plan, segments.get(0), 50);

        assertThat(plan.awaitPrefix(0)).isEqualTo(50);

        write(plan, segments.get(0), 50);
        assertThat(plan.awaitPrefix(50)).as("the first segment done, the second too").isEqualTo(200);
    }

    @Test
    void aFinishedConnectionStealsHalfOfTheLargestRestButNothingBeingWritten() {
        SegmentPlan plan = new SegmentPlan(1000, 10);
        List<SegmentPlan.Segment> segments = plan.split(2);
        write(plan, segments.get(1), 500);
        // the first segment has 500 left; 100 of them are claimed by its connection right now
        assertThat(plan.claim(segments.get(0), 100)).isEqualTo(100);

        SegmentPlan.Segment stolen = plan.steal().orElseThrow();

        assertThat(stolen.start).isEqualTo(300);
        assertThat(plan.end(stolen)).isEqualTo(500);
        assertThat(plan.end(segments.get(0))).isEqualTo(300);
    }

    @Test
    void restsSmallerThanTwoMinimumSegmentsAreNotSplit() {
        SegmentPlan plan = new SegmentPlan(100, 40);
        List<SegmentPlan.Segment> segments = plan.split(2);
        write(plan, segments.get(0), 30);

        assertThat(plan.steal()).isEmpty();
    }

    @Test
    void aFailureWakesTheReader() throws Exception {
        SegmentPlan plan = new SegmentPlan(100, 10);
        plan.split(1);
        plan.fail(new IllegalStateException("gone"));

        assertThat(plan.awaitPrefix(0)).isZero();
        assertThat(plan.failure()).hasMessage("gone");
    }

    private static void write(SegmentPlan plan, SegmentPlan.Segment segment, int count) {
        assertThat(plan.claim(segment, count)).isEqualTo(count);
        plan.written(segment);
    }
}

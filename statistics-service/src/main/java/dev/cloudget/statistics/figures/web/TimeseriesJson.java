package dev.cloudget.statistics.figures.web;

import dev.cloudget.statistics.figures.Timeseries;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code GET /api/v1/stats/timeseries} and its admin twin: one bucket per {@code interval} from
 * {@code from}, each with its start and the metric's value (0 for counts in an empty bucket, null for rates and
 * speeds with nothing to divide).
 */
record TimeseriesJson(String metric, String interval, Instant from, Instant to, List<BucketJson> buckets) {

    static TimeseriesJson of(Timeseries timeseries) {
        return new TimeseriesJson(timeseries.metric().publicName(), timeseries.series().step().toString(),
                timeseries.series().period().from(), timeseries.series().period().to(),
                timeseries.points().stream().map(point -> new BucketJson(point.start(), point.value())).toList());
    }

    record BucketJson(Instant start, Number value) {
    }
}

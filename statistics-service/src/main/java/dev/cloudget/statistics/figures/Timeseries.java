package dev.cloudget.statistics.figures;

import dev.cloudget.statistics.Point;
import dev.cloudget.statistics.Series;

import java.util.List;

/** One metric over the buckets of a series. */
public record Timeseries(Metric metric, Series series, List<Point> points) {
}

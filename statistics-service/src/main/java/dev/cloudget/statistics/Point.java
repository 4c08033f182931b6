package dev.cloudget.statistics;

import java.time.Instant;

/** One bucket of a time series: when it starts, and the metric's value in it (null when there is nothing to divide). */
public record Point(Instant start, Number value) {
}

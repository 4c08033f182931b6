package dev.cloudget.statistics.figures;

import dev.cloudget.statistics.Period;
import dev.cloudget.statistics.Point;
import dev.cloudget.statistics.Scope;
import dev.cloudget.statistics.Series;
import dev.cloudget.statistics.StatisticsProperties;
import dev.cloudget.statistics.downloads.Downloads;
import dev.cloudget.statistics.farm.Farm;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers figures queries: a summary or a time series of a period for a scope (one user, or the farm). A period the
 * caller leaves open ends now and starts a default span before its end; one longer than the configured span, or
 * cut into too many buckets, is refused.
 */
@Service
public class Figures {

    private final Farm farm;
    private final Downloads downloads;
    private final StatisticsProperties.Queries limits;
    private final Clock clock;

    Figures(Farm farm, Downloads downloads, StatisticsProperties properties, Clock clock) {
        this.farm = farm;
        this.downloads = downloads;
        this.limits = properties.queries();
        this.clock = clock;
    }

    public Summary summary(Scope scope, Instant from, Instant to) {
        Period period = period(from, to, limits.summarySpan());
        return new Summary(period, farm.tasks(scope, period), downloads.figures(scope, period),
                scope.user().isPresent() ? Optional.empty() : Optional.of(farm.workers(period)));
    }

    /** @param interval as {@link Interval} reads it; the default when null */
    public Timeseries timeseries(Scope scope, String metricName, String interval, Instant from, Instant to) {
        Metric metric = Metric.named(metricName);
        Series series = new Series(period(from, to, limits.timeseriesSpan()), Interval.parse(interval))
                .atMost(limits.maxBuckets());
        List<Point> points = metric.task() != null
                ? farm.series(scope, metric.task(), series)
                : downloads.series(scope, metric.download(), series);
        return new Timeseries(metric, series, points);
    }

    private Period period(Instant from, Instant to, Duration defaultSpan) {
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(defaultSpan);
        return new Period(start, end).atMost(limits.maxSpan());
    }
}

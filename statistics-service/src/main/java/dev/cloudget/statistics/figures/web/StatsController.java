package dev.cloudget.statistics.figures.web;

import dev.cloudget.platform.web.UserId;
import dev.cloudget.statistics.Owner;
import dev.cloudget.statistics.Scope;
import dev.cloudget.statistics.figures.Figures;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * {@code GET /api/v1/stats/summary} and {@code /timeseries}: the caller's own figures, never anyone else's.
 * {@code from}/{@code to} are ISO-8601 instants; see {@link Figures} for the defaults.
 */
@RestController
class StatsController {

    private final Figures figures;

    StatsController(Figures figures) {
        this.figures = figures;
    }

    @GetMapping("/api/v1/stats/summary")
    SummaryJson summary(UserId caller, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return SummaryJson.of(figures.summary(Scope.of(Owner.of(caller)), from, to));
    }

    @GetMapping("/api/v1/stats/timeseries")
    TimeseriesJson timeseries(UserId caller, @RequestParam String metric,
            @RequestParam(required = false) String interval, @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to) {
        return TimeseriesJson.of(figures.timeseries(Scope.of(Owner.of(caller)), metric, interval, from, to));
    }
}

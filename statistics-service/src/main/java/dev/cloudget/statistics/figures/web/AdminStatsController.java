package dev.cloudget.statistics.figures.web;

import dev.cloudget.statistics.Scope;
import dev.cloudget.statistics.figures.Figures;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;

/**
 * {@code GET /api/v1/admin/stats/summary} and {@code /timeseries}: the farm's figures over every user, with
 * {@code byWorker}. Through the gateway only, which requires the admin scope on {@code /api/v1/admin/**}.
 */
@RestController
class AdminStatsController {

    private final Figures figures;

    AdminStatsController(Figures figures) {
        this.figures = figures;
    }

    @GetMapping("/api/v1/admin/stats/summary")
    SummaryJson summary(@RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        return SummaryJson.of(figures.summary(Scope.farm(), from, to));
    }

    @GetMapping("/api/v1/admin/stats/timeseries")
    TimeseriesJson timeseries(@RequestParam String metric, @RequestParam(required = false) String interval,
            @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to) {
        return TimeseriesJson.of(figures.timeseries(Scope.farm(), metric, interval, from, to));
    }
}

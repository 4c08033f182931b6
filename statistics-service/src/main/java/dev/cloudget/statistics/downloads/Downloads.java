package dev.cloudget.statistics.downloads;

import dev.cloudget.statistics.Owner;
import dev.cloudget.statistics.Period;
import dev.cloudget.statistics.Point;
import dev.cloudget.statistics.Scope;
import dev.cloudget.statistics.Series;
import dev.cloudget.statistics.StatisticsProperties;
import dev.cloudget.statistics.downloads.persistence.DownloadReportRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Client download reports: stored at most {@code rateLimit} per user per sliding {@code rateWindow}, and counted.
 *
 * <p>The rate is counted on the stored reports themselves, under a per-user database lock, rather than in a token
 * bucket in memory: every replica sees the same count, a restart forgets nothing, and the table already is the log
 * of what each user sent (see the README for why no rate-limit library).
 */
@Service
public class Downloads {

    private final DownloadReportRepository reports;
    private final StatisticsProperties.Reports limits;
    private final MeterRegistry meters;

    Downloads(DownloadReportRepository reports, StatisticsProperties properties, MeterRegistry meters) {
        this.reports = reports;
        this.limits = properties.reports();
        this.meters = meters;
    }

    @Transactional
    public Receipt report(Owner sender, DownloadReport report) {
        reports.lockSender(sender);
        Optional<Duration> wait = reports.untilBelowLimit(sender, limits.rateLimit(), limits.rateWindow());
        if (wait.isPresent()) {
            meters.counter("cloudget.reports.refused", "reason", "rate-limited").increment();
            return new Receipt.RateLimited(wait.get());
        }
        UUID id = UUID.randomUUID();
        reports.insert(id, sender, report);
        meters.counter("cloudget.reports.received", "result", report.result().name()).increment();
        return new Receipt.Accepted(id);
    }

    public DownloadFigures figures(Scope scope, Period period) {
        return reports.figures(scope.user(), period);
    }

    public List<Point> series(Scope scope, DownloadMetric metric, Series series) {
        return reports.series(scope.user(), metric, series);
    }
}

package dev.cloudget.statistics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * What the statistics server accepts and answers ({@code cloudget.statistics.*}).
 *
 * @param reports what a client may send
 * @param queries how much a figures query may ask for
 */
@ConfigurationProperties("cloudget.statistics")
public record StatisticsProperties(Reports reports, Queries queries) {

    public StatisticsProperties {
        reports = reports == null ? new Reports(0, null, null) : reports;
        queries = queries == null ? new Queries(null, 0, null, null) : queries;
    }

    /**
     * @param rateLimit   reports one user may send per {@code rateWindow} (sliding); more are refused with 429
     * @param rateWindow  the window {@code rateLimit} counts over
     * @param maxBodySize the largest report body read; a larger one is refused with 413
     */
    public record Reports(int rateLimit, Duration rateWindow, DataSize maxBodySize) {

        public Reports {
            rateLimit = rateLimit < 1 ? 120 : rateLimit;
            rateWindow = rateWindow == null || !rateWindow.isPositive() ? Duration.ofMinutes(1) : rateWindow;
            maxBodySize = maxBodySize == null ? DataSize.ofKilobytes(16) : maxBodySize;
        }
    }

    /**
     * @param maxSpan           the longest period ({@code to - from}) a query may cover
     * @param maxBuckets        the most buckets one time series may have
     * @param summarySpan       the period a summary covers when the caller names no {@code from}
     * @param timeseriesSpan    the period a time series covers when the caller names no {@code from}
     */
    public record Queries(Duration maxSpan, int maxBuckets, Duration summarySpan, Duration timeseriesSpan) {

        public Queries {
            maxSpan = maxSpan == null ? Duration.ofDays(366) : maxSpan;
            maxBuckets = maxBuckets < 1 ? 1000 : maxBuckets;
            summarySpan = summarySpan == null ? Duration.ofDays(7) : summarySpan;
            timeseriesSpan = timeseriesSpan == null ? Duration.ofHours(24) : timeseriesSpan;
        }
    }
}

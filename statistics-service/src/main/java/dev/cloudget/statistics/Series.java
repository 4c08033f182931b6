package dev.cloudget.statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A period cut into buckets of {@code step}, the first starting at {@code period.from()}; the last may reach past
 * {@code period.to()}, but only what happened before {@code to} counts in it.
 */
public record Series(Period period, Duration step) {

    public static final Duration SHORTEST_STEP = Duration.ofMinutes(1);
    public static final Duration LONGEST_STEP = Duration.ofDays(7);

    public Series {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(step, "step");
        if (step.compareTo(SHORTEST_STEP) < 0 || step.compareTo(LONGEST_STEP) > 0 || step.getNano() != 0) {
            throw new IllegalArgumentException("interval must be whole seconds from " + SHORTEST_STEP + " to "
                    + LONGEST_STEP + ": " + step);
        }
    }

    /** This series, refused when it has more than {@code maxBuckets} buckets. */
    public Series atMost(int maxBuckets) {
        if (buckets() > maxBuckets) {
            throw new IllegalArgumentException("from " + period.from() + " to " + period.to() + " by " + step
                    + " makes " + buckets() + " buckets; at most " + maxBuckets + " are served");
        }
        return this;
    }

    /** How many buckets cover the period (the last one may be partial). */
    public long buckets() {
        Duration span = period.span();
        long whole = span.dividedBy(step);
        return span.equals(step.multipliedBy(whole)) ? whole : whole + 1;
    }

    /**
     * The query of one value per bucket, empty buckets included (a row with a null value): {@code aggregate} of the
     * rows of {@code table} whose {@code timeColumn} lies in the bucket and that match {@code filter} (SQL starting
     * with {@code AND}, or empty). It takes {@code :last}, {@code :from}, {@code :to} and {@code :step}
     * ({@link #lastBucket()}, the period, {@link #stepSeconds()}), and answers {@code bucket} and {@code value}.
     */
    public static String bucketedQuery(String table, String timeColumn, String aggregate, String filter) {
        return """
                SELECT b.i AS bucket, v.value
                FROM generate_series(0, CAST(:last AS bigint)) AS b(i)
                LEFT JOIN (
                    SELECT floor(extract(epoch FROM %2$s - CAST(:from AS timestamptz))
                                 / CAST(:step AS double precision))::bigint AS i,
                           %3$s AS value
                    FROM %1$s
                    WHERE %2$s >= :from AND %2$s < :to%4$s
                    GROUP BY 1
                ) v ON v.i = b.i
                ORDER BY b.i""".formatted(table, timeColumn, aggregate, filter);
    }

    public long lastBucket() {
        return buckets() - 1;
    }

    public double stepSeconds() {
        return step.toSeconds();
    }

    public Instant start(long bucket) {
        return period.from().plus(step.multipliedBy(bucket));
    }
}

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

    public Instant start(long bucket) {
        return period.from().plus(step.multipliedBy(bucket));
    }
}

package dev.cloudget.statistics;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** The half-open time range {@code [from, to)} figures are counted over. */
public record Period(Instant from, Instant to) {

    /** The earliest and latest instants a period may reach: anything outside is a mistake, not a query. */
    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    public Period {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isBefore(EARLIEST) || to.isAfter(LATEST)) {
            throw new IllegalArgumentException("from and to must lie between " + EARLIEST + " and " + LATEST);
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
    }

    /** This period, refused when it is longer than {@code maxSpan}. */
    public Period atMost(Duration maxSpan) {
        if (span().compareTo(maxSpan) > 0) {
            throw new IllegalArgumentException("the period from " + from + " to " + to + " is longer than "
                    + maxSpan + ", the longest a query may cover");
        }
        return this;
    }

    public Duration span() {
        return Duration.between(from, to);
    }
}
